using System.Text.Json.Serialization;

namespace Reference.Placement.Plans;

/// <summary>Source-generated, reflection-free serialisation of plans (camelCase, enums as their spec names).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlacementPlan))]
internal sealed partial class PlacementPlanJsonContext : JsonSerializerContext;
