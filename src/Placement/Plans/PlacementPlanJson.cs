using System.Text.Json;

namespace Reference.Placement.Plans;

/// <summary>
/// Reads and writes plans as JSON (placement.json). The same plan always gives the same bytes:
/// properties in declaration order, collections already ordered by name, "\n" line ends.
/// </summary>
public static class PlacementPlanJson
{
    public static string Serialize(PlacementPlan plan) =>
        JsonSerializer.Serialize(plan, PlacementPlanJsonContext.Default.PlacementPlan).ReplaceLineEndings("\n") + "\n";

    public static PlacementPlan Deserialize(string json) =>
        JsonSerializer.Deserialize(json, PlacementPlanJsonContext.Default.PlacementPlan)
        ?? throw new JsonException("The document holds no plan.");
}
