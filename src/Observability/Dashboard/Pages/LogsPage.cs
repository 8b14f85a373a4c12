using Reference.Observability.Storage;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>Structured logs, newest first, filtered by service, minimum level, text and trace id.</summary>
internal static class LogsPage
{
    public static async Task<IResult> RenderAsync(string? service, string? level, string? text, string? traceId, TelemetryQueries queries, CancellationToken cancellationToken)
    {
        service = Apis.TelemetryApi.Blank(service);
        text = Apis.TelemetryApi.Blank(text);
        traceId = TraceIds.TryParse(Apis.TelemetryApi.Blank(traceId), out _) ? traceId!.Trim().ToLowerInvariant() : null;
        var minimum = Severities.MinimumOf(Apis.TelemetryApi.Blank(level));
        var logs = await queries.SearchLogsAsync(new LogQuery(service, minimum, text, traceId, null, 200), cancellationToken);
        var body = new Html().Raw("<form class=\"filters\" method=\"get\">")
            .Raw("<label>Service<input name=\"service\" value=\"").Text(service).Raw("\"></label>")
            .Raw("<label>Minimum level<select name=\"level\"><option value=\"\">any</option>");
        foreach (var option in new[] { "debug", "info", "warn", "error", "fatal" })
        {
            body.Raw($"<option{(level == option ? " selected" : "")}>{option}</option>");
        }
        body.Raw("</select></label><label>Text contains<input name=\"text\" value=\"").Text(text).Raw("\"></label>")
            .Raw("<label>Trace id<input name=\"traceId\" size=\"34\" value=\"").Text(traceId).Raw("\"></label><button type=\"submit\">Filter</button></form>");
        if (logs.Count == 0)
        {
            body.Raw("<p>No log records match.</p>");
            return Layout.Page("/logs", "Structured logs", body);
        }
        body.Raw("<table class=\"logs\"><thead><tr><th>Time</th><th>Service</th><th>Level</th><th>Message</th><th>Trace</th><th>Attributes</th></tr></thead><tbody>");
        foreach (var log in logs)
        {
            var severity = Severities.Name(log.SeverityNumber);
            body.Raw("<tr><td>").Text(Html.Time(log.Time)).Raw("</td><td>").Text(log.Service).Raw("</td><td>").Raw(Layout.Badge(severity)).Raw("</td><td>").Text(log.Body).Raw("</td><td>");
            if (log.TraceId is { } trace)
            {
                body.Raw($"<a href=\"/traces/{trace}\">{trace[..8]}…</a>");
            }
            body.Raw("</td><td><code>").Text(log.Attributes.GetRawText()).Raw("</code></td></tr>");
        }
        body.Raw("</tbody></table>");
        return Layout.Page("/logs", "Structured logs", body);
    }
}
