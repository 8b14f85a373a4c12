using System.Text.Json;
using System.Text.Json.Serialization;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Materialization;
using Reference.FeatureStore.Offline;
using Reference.FeatureStore.Stats;

namespace Reference.FeatureStore.Serialization;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EntityRequest))]
[JsonSerializable(typeof(EntityDefinition))]
[JsonSerializable(typeof(FeatureViewRequest))]
[JsonSerializable(typeof(FeatureViewSpec))]
[JsonSerializable(typeof(FeatureViewDefinition))]
[JsonSerializable(typeof(FeatureServiceRequest))]
[JsonSerializable(typeof(FeatureServiceDefinition))]
[JsonSerializable(typeof(Page<EntityDefinition>))]
[JsonSerializable(typeof(Page<FeatureViewDefinition>))]
[JsonSerializable(typeof(Page<FeatureServiceDefinition>))]
[JsonSerializable(typeof(Page<FeatureViewVersion>))]
[JsonSerializable(typeof(Page<EntitySet>))]
[JsonSerializable(typeof(NameCursor))]
[JsonSerializable(typeof(IngestionResult))]
[JsonSerializable(typeof(EntitySet))]
[JsonSerializable(typeof(MaterializationRequest))]
[JsonSerializable(typeof(MaterializationStatus))]
[JsonSerializable(typeof(MaterializationCheckpoint))]
[JsonSerializable(typeof(Page<MaterializationStatus>))]
[JsonSerializable(typeof(FeatureViewStats))]
public sealed partial class FeatureStoreJsonContext : JsonSerializerContext;
