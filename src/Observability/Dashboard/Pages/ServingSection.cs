using Reference.Observability.Dashboard.Charts;
using Reference.Observability.Drift;
using Reference.Observability.Storage;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>
/// A model's card on the Models page: how serving is using its versions over the last hour (request counts, rate and
/// mean latency per version, from serving's reference.serving.inference.duration histogram, and each version's latest
/// drift evaluation), so a canary or a new champion can be compared with the version before it at a glance.
/// </summary>
internal static class ServingSection
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public static async Task RenderAsync(
        Html body, string model, ServingQueries queries, IReadOnlyDictionary<(string Model, int Version), DriftResult> latestDrift, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var totals = await queries.GetTotalsAsync(model, now - Window, cancellationToken);
        body.Raw("<div class=\"serving\" data-serving-model=\"").Text(model).Raw("\"><h2>Serving, last hour</h2>");
        if (totals.Count == 0)
        {
            body.Raw("<p class=\"muted\">No serving requests reported for this model in the last hour.</p></div>");
            return;
        }
        body.Raw("<table class=\"serving\"><thead><tr><th>Version</th><th>Requests</th><th>Mean latency</th><th>Series (replica × role)</th><th>Drift</th></tr></thead><tbody>");
        foreach (var version in totals)
        {
            body.Raw("<tr data-serving-version=\"").Text(version.Version).Raw("\"><td>v").Text(version.Version).Raw("</td><td class=\"requests\">")
                .Text(version.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td><td>")
                .Text(double.IsFinite(version.MeanSeconds) ? Html.Duration(version.MeanSeconds * 1000) : "").Raw("</td><td>")
                .Text(version.Series.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td><td class=\"drift\">");
            // The latest evaluation of this version's live window, linked to its plots.
            if (int.TryParse(version.Version, System.Globalization.CultureInfo.InvariantCulture, out var number) && latestDrift.TryGetValue((model, number), out var drift))
            {
                body.Raw("<a href=\"/drift\">").Raw(Layout.Badge(drift.Report.Drifted ? "drifted" : "ok")).Raw("</a> ")
                    .Text($"{Html.Number(drift.Report.DriftShare * 100, "0")}% of features, {Html.Number(drift.Report.LiveRows, "0")} live rows");
            }
            else
            {
                body.Raw("<span class=\"muted\">not evaluated yet</span>");
            }
            body.Raw("</td></tr>");
        }
        body.Raw("</tbody></table><p class=\"muted\">Requests since each replica started, as last reported within the hour.</p>");

        var series = await queries.GetSeriesAsync(model, now - Window, now, 60, cancellationToken);
        var rate = series.Select(s => new ChartLine("v" + s.Version, [.. s.Points.Select(p => (p.Time, p.RequestsPerSecond))])).ToList();
        var latency = series.Select(s => new ChartLine("v" + s.Version, [.. s.Points.Select(p => (p.Time, p.MeanSeconds * 1000))])).ToList();
        body.Raw("<div class=\"serving-rate\">").Raw(LineChart.Render($"{model}: requests per second by version", "req/s", rate, height: 220)).Raw("</div>")
            .Raw("<div class=\"serving-latency\">").Raw(LineChart.Render($"{model}: mean latency by version", "ms", latency, height: 220)).Raw("</div></div>");
    }
}
