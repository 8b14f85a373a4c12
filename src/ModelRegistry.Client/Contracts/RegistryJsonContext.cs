using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reference.ModelRegistry.Client;

// Source-generated serialization for every wire type; the service and the client share it.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CreateModelRequest))]
[JsonSerializable(typeof(UpdateModelRequest))]
[JsonSerializable(typeof(RegisteredModel))]
[JsonSerializable(typeof(Page<RegisteredModel>))]
[JsonSerializable(typeof(VersionMetadata))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(Page<ModelVersion>))]
[JsonSerializable(typeof(UpdateVersionRequest))]
[JsonSerializable(typeof(VersionLineage))]
[JsonSerializable(typeof(SetAliasRequest))]
[JsonSerializable(typeof(PromotionPolicy))]
[JsonSerializable(typeof(CreatePromotionRequest))]
[JsonSerializable(typeof(PromotionDecisionRequest))]
[JsonSerializable(typeof(Promotion))]
[JsonSerializable(typeof(Page<Promotion>))]
[JsonSerializable(typeof(RegistryEvent))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, int>>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(List<GateResult>))]
[JsonSerializable(typeof(List<PromotionDecision>))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
