using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.Observability.Dashboard;
using Reference.Observability.Infrastructure;
using Reference.Observability.Storage;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.Observability.Apis;

public static class TelemetryApi
{
    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Telemetry").RequireAuthorization(DashboardAccess.Policy);
        api.MapGet("/traces", SearchTracesAsync);
        api.MapGet("/traces/{traceId}", GetTraceAsync);
        api.MapGet("/logs", SearchLogsAsync);
        api.MapGet("/metrics", ListInstrumentsAsync);
        api.MapGet("/metrics/{name}", GetMetricChartAsync);
        return app;
    }

    internal static async Task<Results<Ok<Page<TraceSummary>>, ValidationProblem>> SearchTracesAsync(
        [FromQuery] string? service, [FromQuery] double? minDurationMs, [FromQuery] string? status, [FromQuery] string? name,
        [FromQuery] int? pageSize, [FromQuery] string? pageToken, TelemetryQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Paging.TryParse<TimeCursor>(pageSize, pageToken, errors, out var size, out var cursor);
        // Written as a range that NaN is outside of ("NaN" parses as a double).
        if (minDurationMs is { } duration && duration is not (>= 0 and <= 86_400_000))
        {
            errors.Add("minDurationMs", "minDurationMs must be between 0 and 86400000 (one day).");
        }
        if (status is not null && SpanStatuses.Code(status) is null)
        {
            errors.Add("status", "status must be ok, error or unset.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var traces = await queries.SearchTracesAsync(new TraceQuery(Blank(service), minDurationMs, status, Blank(name), cursor?.Before, size), cancellationToken);
        var next = traces.Count == size ? PageToken.Encode(new TimeCursor(traces.Min(t => t.LastMatch))) : null;
        return TypedResults.Ok(new Page<TraceSummary>(traces, next));
    }

    internal static async Task<Results<Ok<TraceDetail>, ProblemHttpResult, ValidationProblem>> GetTraceAsync(string traceId, TelemetryQueries queries, CancellationToken cancellationToken)
    {
        if (!TraceIds.TryParse(traceId, out var id))
        {
            return new ValidationErrors().Add("traceId", "traceId must be 32 hex characters.").ToProblem();
        }
        return await queries.GetTraceAsync(id, cancellationToken) is { } trace
            ? TypedResults.Ok(trace)
            : Problems.NotFound($"No spans of trace {traceId} are stored; it may be older than the span retention or not exported yet.");
    }

    internal static async Task<Results<Ok<Page<LogView>>, ValidationProblem>> SearchLogsAsync(
        [FromQuery] string? service, [FromQuery] string? level, [FromQuery] string? text, [FromQuery] string? traceId,
        [FromQuery] int? pageSize, [FromQuery] string? pageToken, TelemetryQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Paging.TryParse<TimeCursor>(pageSize, pageToken, errors, out var size, out var cursor);
        var minimum = Severities.MinimumOf(Blank(level));
        if (Blank(level) is not null && minimum is null)
        {
            errors.Add("level", "level must be trace, debug, info, warn, error or fatal.");
        }
        if (Blank(traceId) is { } trace && !TraceIds.TryParse(trace, out _))
        {
            errors.Add("traceId", "traceId must be 32 hex characters.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var logs = await queries.SearchLogsAsync(new LogQuery(Blank(service), minimum, Blank(text), Blank(traceId)?.ToLowerInvariant(), cursor?.Before, size), cancellationToken);
        var next = logs.Count == size ? PageToken.Encode(new TimeCursor(logs[^1].Time)) : null;
        return TypedResults.Ok(new Page<LogView>(logs, next));
    }

    internal static async Task<Ok<IReadOnlyList<MetricInstrument>>> ListInstrumentsAsync(TelemetryQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.ListInstrumentsAsync(cancellationToken));

    internal static async Task<Results<Ok<MetricChart>, ProblemHttpResult, ValidationProblem>> GetMetricChartAsync(
        string name, [FromQuery] string? service, [FromQuery] string? window, TelemetryQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var span = TimeSpan.FromHours(1);
        if (Blank(window) is { } text && !DurationText.TryParse(text, out span))
        {
            return new ValidationErrors().Add("window", "window must be a duration such as 15m, 1h or 7d.").ToProblem();
        }
        var now = time.GetUtcNow();
        return await queries.GetMetricChartAsync(name, Blank(service), now - span, now, 120, 10, cancellationToken) is { } chart
            ? TypedResults.Ok(chart)
            : Problems.NotFound($"No instrument named '{name}' has reported{(service is null ? "" : $" from service '{service}'")}.");
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
