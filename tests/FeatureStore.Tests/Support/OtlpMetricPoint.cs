namespace Reference.FeatureStore.Tests.Support;

// One number data point of an OTLP export: the metric, its kind (gauge, sum), the resource's and the point's
// attributes (string values only), and the value as a double.
public sealed record OtlpMetricPoint(string Metric, string Kind, string? Unit, IReadOnlyDictionary<string, string> Resource,
    IReadOnlyDictionary<string, string> Attributes, double Value, ulong TimeUnixNano);
