using Reference.Observability.Dashboard.Charts;
using Reference.Observability.Infrastructure;
using Reference.Observability.Storage;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>A picker of every instrument per service, and the chosen one charted over time, one line per attribute set.</summary>
internal static class MetricsPage
{
    // Attribute values, not the JSON: "model-registry · GET · /api/models/ · 200" reads at a glance.
    private static readonly HashSet<string> Noise = ["url.scheme", "network.protocol.version", "network.protocol.name", "server.address", "server.port"];

    internal static string SeriesLabel(string service, string attributes)
    {
        using var document = System.Text.Json.JsonDocument.Parse(attributes);
        var values = document.RootElement.EnumerateObject().Where(p => !Noise.Contains(p.Name))
            .Select(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
        var label = string.Join(" · ", values.Prepend(service));
        return label.Length > 100 ? label[..99] + "…" : label;
    }

    public static async Task<IResult> RenderAsync(string? name, string? service, string? window, TelemetryQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var instruments = await queries.ListInstrumentsAsync(cancellationToken);
        name = Apis.TelemetryApi.Blank(name);
        service = Apis.TelemetryApi.Blank(service);
        var span = DurationText.TryParse(window, out var parsed) && parsed <= TimeSpan.FromDays(7) ? parsed : TimeSpan.FromHours(1);
        var body = new Html();
        if (instruments.Count == 0)
        {
            body.Raw("<p>No metrics have been received yet.</p>");
            return Layout.Page("/metrics", "Metrics", body);
        }
        var chosen = name is null ? instruments.FirstOrDefault(i => i.Name == "http.server.request.duration") ?? instruments[0]
            : instruments.FirstOrDefault(i => i.Name == name && (service is null || i.Service == service));
        if (chosen is not null)
        {
            var now = time.GetUtcNow();
            var chart = await queries.GetMetricChartAsync(chosen.Name, service ?? chosen.Service, now - span, now, 120, 10, cancellationToken);
            body.Raw("<div class=\"card\"><h2 style=\"margin-top:0\">").Text(chosen.Name).Raw(" <span class=\"muted\">").Text($"{chosen.Service} · {chosen.Kind} · {chart?.Plotted}").Raw("</span></h2>")
                .Raw("<p class=\"muted\">").Text(chosen.Description).Raw("</p>");
            foreach (var option in new[] { "15m", "1h", "6h", "24h", "7d" })
            {
                body.Raw($"<a href=\"/metrics?name={Html.Url(chosen.Name)}&service={Html.Url(service ?? chosen.Service)}&window={option}\">{option}</a> ");
            }
            var lines = chart?.Series.Select(s => new ChartLine(SeriesLabel(s.Service, s.Attributes), s.Points.Select(p => (p.Time, p.Value)).ToList())).ToList() ?? [];
            body.Raw(LineChart.Render($"{chosen.Name} over the last {DurationText.Format(span)}", chosen.Unit, lines)).Raw("</div>");
        }
        body.Raw("<h2>Instruments</h2><div class=\"picker\">");
        foreach (var group in instruments.GroupBy(i => i.Service).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            body.Raw("<strong>").Text(group.Key).Raw("</strong>");
            foreach (var instrument in group)
            {
                body.Raw($"<a href=\"/metrics?name={Html.Url(instrument.Name)}&service={Html.Url(instrument.Service)}\">").Text(instrument.Name).Raw("</a>");
            }
        }
        body.Raw("</div>");
        return Layout.Page("/metrics", "Metrics", body);
    }
}
