using Reference.Observability.Dashboard.Charts;
using Reference.Observability.Storage;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>Trace search (service, minimum duration, status, name) and one trace's waterfall across services.</summary>
internal static class TracesPage
{
    public static async Task<IResult> ListAsync(string? service, double? minDurationMs, string? status, string? name, TelemetryQueries queries, CancellationToken cancellationToken)
    {
        service = Apis.TelemetryApi.Blank(service);
        name = Apis.TelemetryApi.Blank(name);
        status = SpanStatuses.Code(status) is null ? null : status;
        var traces = await queries.SearchTracesAsync(new TraceQuery(service, minDurationMs is >= 0 ? minDurationMs : null, status, name, null, 100), cancellationToken);
        var body = new Html().Raw("<form class=\"filters\" method=\"get\">")
            .Raw("<label>Service<input name=\"service\" value=\"").Text(service).Raw("\"></label>")
            .Raw("<label>Name contains<input name=\"name\" value=\"").Text(name).Raw("\"></label>")
            .Raw("<label>Min duration (ms)<input name=\"minDurationMs\" type=\"number\" min=\"0\" step=\"any\" value=\"").Text(minDurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("\"></label>")
            .Raw("<label>Status<select name=\"status\"><option value=\"\">any</option>");
        foreach (var option in new[] { "error", "ok", "unset" })
        {
            body.Raw($"<option{(status == option ? " selected" : "")}>{option}</option>");
        }
        body.Raw("</select></label><button type=\"submit\">Search</button></form>");
        if (traces.Count == 0)
        {
            body.Raw("<p>No traces match.</p>");
            return Layout.Page("/traces", "Traces", body);
        }
        var longest = traces.Max(t => t.DurationMs);
        body.Raw("<table class=\"traces\"><thead><tr><th>Started</th><th>Trace</th><th>Services</th><th>Spans</th><th>Errors</th><th class=\"bar-cell\">Duration</th><th></th></tr></thead><tbody>");
        foreach (var trace in traces)
        {
            var width = longest > 0 ? Math.Max(1, 100 * trace.DurationMs / longest) : 1;
            body.Raw("<tr><td>").Text(Html.Time(trace.Start)).Raw($"</td><td><a href=\"/traces/{trace.TraceId}\">").Text($"{trace.RootService}: {trace.RootName}").Raw("</a></td><td>")
                .Text(string.Join(", ", trace.Services)).Raw($"</td><td class=\"num\">{trace.SpanCount}</td><td class=\"num\">")
                .Raw(trace.ErrorCount > 0 ? Layout.Badge(trace.ErrorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)) : "0")
                .Raw($"</td><td class=\"bar-cell\"><div class=\"duration-bar\" style=\"width:{Html.Number(width, "0.#")}%\"></div></td><td class=\"num\">").Text(Html.Duration(trace.DurationMs)).Raw("</td></tr>");
        }
        body.Raw("</tbody></table>");
        return Layout.Page("/traces", "Traces", body);
    }

    public static async Task<IResult> DetailAsync(string traceId, TelemetryQueries queries, CancellationToken cancellationToken)
    {
        if (!TraceIds.TryParse(traceId, out var id) || await queries.GetTraceAsync(id, cancellationToken) is not { } trace)
        {
            return Layout.Page("/traces", "Trace not found", new Html().Raw("<p>No spans of trace ").Text(traceId).Raw(" are stored.</p>"), StatusCodes.Status404NotFound);
        }
        var body = new Html().Raw("<p class=\"muted\">").Text($"{trace.Spans.Count} spans across {trace.Spans.Select(s => s.Service).Distinct().Count()} services, {Html.Duration(trace.DurationMs)}, started {Html.Time(trace.Start)}.")
            .Raw($" <a href=\"/logs?traceId={trace.TraceId}\">Logs of this trace</a></p><div class=\"card\">").Raw(WaterfallChart.Render(trace)).Raw("</div><h2>Spans</h2>")
            .Raw("<table><thead><tr><th>Service</th><th>Name</th><th>Kind</th><th>Status</th><th>Duration</th><th>Attributes</th></tr></thead><tbody>");
        foreach (var (span, depth) in WaterfallChart.TreeOrder(trace.Spans))
        {
            body.Raw("<tr><td>").Text(span.Service).Raw($"</td><td style=\"padding-left:{10 + (depth * 14)}px\">").Text(span.Name).Raw("</td><td>").Text(span.Kind)
                .Raw("</td><td>").Raw(Layout.Badge(span.Status)).Raw(" ").Text(span.StatusMessage).Raw("</td><td class=\"num\">").Text(Html.Duration(span.DurationMs))
                .Raw("</td><td><code>").Text(span.Attributes.GetRawText()).Raw("</code></td></tr>");
        }
        body.Raw("</tbody></table>");
        return Layout.Page("/traces", $"Trace {trace.TraceId}", body);
    }
}
