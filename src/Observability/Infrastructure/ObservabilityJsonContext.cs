using System.Text.Json;
using System.Text.Json.Serialization;
using Reference.Observability.Drift;
using Reference.Observability.Predictions;
using Reference.Observability.Storage;

namespace Reference.Observability.Infrastructure;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Page<TraceSummary>))]
[JsonSerializable(typeof(TraceDetail))]
[JsonSerializable(typeof(Page<LogView>))]
[JsonSerializable(typeof(IReadOnlyList<MetricInstrument>))]
[JsonSerializable(typeof(MetricChart))]
[JsonSerializable(typeof(IReadOnlyList<FeatureDrift>))]
[JsonSerializable(typeof(IReadOnlyList<DriftResult>))]
[JsonSerializable(typeof(IReadOnlyList<DriftTrigger>))]
[JsonSerializable(typeof(RetrainRequest))]
[JsonSerializable(typeof(PredictionsAccepted))]
internal sealed partial class ObservabilityJsonContext : JsonSerializerContext;
