namespace Reference.Observability.Ingest;

/// <summary>One span as stored.</summary>
internal sealed record SpanRow(
    byte[] TraceId, byte[] SpanId, byte[]? ParentSpanId, string Service, string Name, short Kind,
    DateTime Start, DateTime End, long DurationNanos, short StatusCode, string? StatusMessage, string? Scope,
    string Attributes, string ResourceAttributes, string? Events);

/// <summary>One log record as stored.</summary>
internal sealed record LogRow(
    DateTime Time, string Service, short SeverityNumber, string? SeverityText, string Body,
    byte[]? TraceId, byte[]? SpanId, string? Scope, string Attributes);

/// <summary>One metric data point as stored: gauges and sums fill Value, histograms and summaries Count and Sum.</summary>
internal sealed record MetricPointRow(
    DateTime Time, string Service, string Name, short Kind, string Attributes, double? Value,
    long? Count, double? Sum, double? Min, double? Max, long[]? BucketCounts, double[]? ExplicitBounds);

/// <summary>What the metric picker lists.</summary>
internal sealed record MetricInstrumentRow(string Service, string Name, short Kind, string Unit, string Description, DateTime LastSeen);

internal static class MetricKinds
{
    public const short Gauge = 1;
    public const short Sum = 2;
    public const short Histogram = 3;
    public const short ExponentialHistogram = 4;
    public const short Summary = 5;

    public static string Name(short kind) => kind switch
    {
        Gauge => "gauge",
        Sum => "sum",
        Histogram => "histogram",
        ExponentialHistogram => "exponential histogram",
        Summary => "summary",
        _ => "unknown",
    };
}
