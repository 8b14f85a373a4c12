using System.Text.Json;

namespace Reference.Observability.Storage;

/// <summary>One trace in the search results.</summary>
public sealed record TraceSummary(
    string TraceId, string RootService, string RootName, DateTimeOffset Start, double DurationMs,
    int SpanCount, int ErrorCount, IReadOnlyList<string> Services)
{
    /// <summary>The newest start among the spans that matched the search: the next page must be older than this.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset LastMatch { get; init; }
}

/// <summary>One span of a trace, for the waterfall.</summary>
public sealed record SpanView(
    string SpanId, string? ParentSpanId, string Service, string Name, string Kind, DateTimeOffset Start, DateTimeOffset End,
    double DurationMs, string Status, string? StatusMessage, string? Scope, JsonElement Attributes, JsonElement? Events);

public sealed record TraceDetail(string TraceId, DateTimeOffset Start, double DurationMs, IReadOnlyList<SpanView> Spans);

/// <summary>One structured log record.</summary>
public sealed record LogView(
    DateTimeOffset Time, string Service, int SeverityNumber, string Severity, string Body, string? TraceId, string? SpanId, string? Scope, JsonElement Attributes);

public sealed record MetricInstrument(string Service, string Name, string Kind, string Unit, string Description, DateTimeOffset LastSeen);

public sealed record MetricPoint(DateTimeOffset Time, double Value);

/// <summary>One line of a metric chart: the points of one attribute set of one service.</summary>
public sealed record MetricSeries(string Service, string Attributes, IReadOnlyList<MetricPoint> Points);

public sealed record MetricChart(string Name, string Kind, string Unit, string Description, string Plotted, IReadOnlyList<MetricSeries> Series);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);

/// <summary>Filters of the trace search; null means "any".</summary>
public sealed record TraceQuery(string? Service = null, double? MinDurationMs = null, string? Status = null, string? Name = null, DateTimeOffset? Before = null, int Limit = 50);

/// <summary>Filters of the log search; null means "any".</summary>
public sealed record LogQuery(string? Service = null, int? MinSeverity = null, string? Text = null, string? TraceId = null, DateTimeOffset? Before = null, int Limit = 100);

internal sealed record TimeCursor(DateTimeOffset Before);

internal static class SpanStatuses
{
    public static string Name(short code) => code switch { 1 => "ok", 2 => "error", _ => "unset" };

    public static short? Code(string? name) => name switch { "ok" => 1, "error" => 2, "unset" => 0, _ => null };

    public static string Kind(short kind) => kind switch { 1 => "internal", 2 => "server", 3 => "client", 4 => "producer", 5 => "consumer", _ => "unspecified" };
}

internal static class Severities
{
    public static string Name(int number) => number switch
    {
        >= 21 => "fatal",
        >= 17 => "error",
        >= 13 => "warn",
        >= 9 => "info",
        >= 5 => "debug",
        >= 1 => "trace",
        _ => "unspecified",
    };

    public static int? MinimumOf(string? level) => level?.ToLowerInvariant() switch
    {
        "trace" => 1,
        "debug" => 5,
        "info" or "information" => 9,
        "warn" or "warning" => 13,
        "error" => 17,
        "fatal" or "critical" => 21,
        _ => null,
    };
}
