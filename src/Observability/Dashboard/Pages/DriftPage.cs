using Reference.Observability.Dashboard.Charts;
using Reference.Observability.Drift;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>Per model version: drift share over time, and per feature the training against live distribution with its score; then the retrain triggers.</summary>
internal static class DriftPage
{
    public static async Task<IResult> RenderAsync(DriftStore store, CancellationToken cancellationToken)
    {
        var latest = await store.LatestAsync(cancellationToken);
        var triggers = await store.TriggersAsync(null, 50, cancellationToken);
        var body = new Html();
        if (latest.Count == 0)
        {
            body.Raw("<p>No model version has been evaluated yet: drift needs prediction samples (POST /api/predictions) from a version whose training data profile is in the registry.</p>");
        }
        foreach (var result in latest.OrderBy(r => r.Report.Model, StringComparer.Ordinal).ThenByDescending(r => r.Report.Version))
        {
            var report = result.Report;
            var history = await store.HistoryAsync(report.Model, report.Version, 200, cancellationToken);
            body.Raw($"<div class=\"card\" data-drift-model=\"{Html.Encode(report.Model)}\"><h2 style=\"margin-top:0\">").Text($"{report.Model} v{report.Version} ")
                .Raw(Layout.Badge(report.Drifted ? "drifted" : "ok")).Raw("</h2><p class=\"muted\">")
                .Text($"{report.Features.Count(f => f.Drifted)} of {report.Features.Count} features drifted ({Html.Number(report.DriftShare * 100, "0")}%) over {report.LiveRows} live rows "
                    + $"from {Html.Time(report.WindowStart)} to {Html.Time(report.WindowEnd)}, against {report.ReferenceRows} training rows.")
                .Raw("</p>")
                .Raw(LineChart.Render($"Drift share of {report.Model} v{report.Version}", "share", [new ChartLine("drift share", history.Select(h => (h.EvaluatedAt, h.Report.DriftShare)).ToList())], 900, 180))
                .Raw(LineChart.Render($"PSI per feature of {report.Model} v{report.Version}", "PSI",
                    report.Features.Select(f => new ChartLine(f.Name, history
                        .Select(h => (h.EvaluatedAt, h.Report.Features.FirstOrDefault(x => x.Name == f.Name)?.Psi ?? double.NaN)).ToList())).ToList(), 900, 180))
                .Raw("<table><thead><tr><th>Feature</th><th>Kind</th><th>Test</th><th>Score</th><th>Threshold</th><th>PSI</th><th>Drift</th></tr></thead><tbody>");
            foreach (var feature in report.Features)
            {
                body.Raw("<tr><td>").Text(feature.Name).Raw("</td><td>").Text(feature.Kind).Raw("</td><td>").Text(feature.Test)
                    .Raw("</td><td class=\"num\">").Text(Html.Number(feature.Score, "0.####")).Raw("</td><td class=\"num\">")
                    .Text((DriftTests.IsPValue(feature.Test) ? "p < " : "≥ ") + Html.Number(feature.Threshold)).Raw("</td><td class=\"num\">")
                    .Text(feature.Psi is { } psi ? Html.Number(psi, "0.###") : "–").Raw("</td><td>").Raw(Layout.Badge(feature.Drifted ? "drifted" : "ok")).Raw("</td></tr>");
            }
            body.Raw("</tbody></table><div class=\"grid2\">");
            foreach (var feature in report.Features)
            {
                body.Raw("<div class=\"drift-plot\"><strong>").Text(feature.Name).Raw("</strong> ").Raw(Layout.Badge(feature.Drifted ? "drifted" : "ok"))
                    .Raw(" <span class=\"muted\">").Text($"{feature.Test} {Html.Number(feature.Score, "0.####")}").Raw("</span>").Raw(DistributionChart.Render($"{feature.Name}: training against live", feature.Bins, feature.Reference, feature.Live)).Raw("</div>");
            }
            body.Raw("</div></div>");
        }
        body.Raw("<h2>Retrain triggers</h2>");
        if (triggers.Count == 0)
        {
            body.Raw("<p class=\"muted\">None yet.</p>");
        }
        else
        {
            body.Raw("<table class=\"triggers\"><thead><tr><th>Requested</th><th>Model</th><th>Status</th><th>Reason</th><th>Detail</th></tr></thead><tbody>");
            foreach (var trigger in triggers)
            {
                body.Raw("<tr><td>").Text(Html.Time(trigger.RequestedAt)).Raw("</td><td>").Text($"{trigger.Model} v{trigger.Version}").Raw("</td><td>").Raw(Layout.Badge(trigger.Status))
                    .Raw("</td><td>").Text(trigger.Reason).Raw("</td><td>").Text(trigger.Detail).Raw("</td></tr>");
            }
            body.Raw("</tbody></table>");
        }
        return Layout.Page("/drift", "Drift", body);
    }
}
