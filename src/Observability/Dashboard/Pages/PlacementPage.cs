using System.Text.Json;
using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>
/// The latest publish plan (placement.json at Dashboard:PlacementPlan): where each workload runs, its monthly cost as
/// compute and egress, and the rule behind each rejection. The publish step is not built yet, so the reading is lenient.
/// </summary>
internal static class PlacementPage
{
    public static async Task<IResult> RenderAsync(IOptions<DashboardOptions> options, CancellationToken cancellationToken)
    {
        var body = new Html();
        if (options.Value.PlacementPlan is not { } path || !File.Exists(path))
        {
            body.Raw("<p>No plan published yet. <span class=\"muted\">Run <code>dotnet run --project AppHost -- publish</code>; this page shows the plan written to <code>Dashboard:PlacementPlan</code>.</span></p>");
            return Layout.Page("/placement", "Placement and cost", body);
        }
        JsonElement plan;
        try
        {
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            plan = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            body.Raw("<p>The placement plan at ").Text(path).Raw(" is not valid JSON: ").Text(ex.Message).Raw("</p>");
            return Layout.Page("/placement", "Placement and cost", body);
        }
        var placements = Array(plan, "placements", "workloads", "assignments");
        double compute = 0, egress = 0;
        body.Raw("<table class=\"placements\"><thead><tr><th>Workload</th><th>Cluster</th><th>Compute / month</th><th>Egress / month</th></tr></thead><tbody>");
        foreach (var placement in placements)
        {
            var c = Number(placement, "computeMonthly", "compute", "computeCost");
            var e = Number(placement, "egressMonthly", "egress", "egressCost");
            compute += c;
            egress += e;
            body.Raw("<tr><td>").Text(Text(placement, "workload", "name")).Raw("</td><td>").Text(Text(placement, "cluster", "target"))
                .Raw("</td><td class=\"num\">").Text(Html.Number(c, "0.00")).Raw("</td><td class=\"num\">").Text(Html.Number(e, "0.00")).Raw("</td></tr>");
        }
        body.Raw("</tbody></table>");
        var total = compute + egress;
        if (total > 0)
        {
            var computeWidth = 600 * compute / total;
            body.Raw("<h2>Monthly cost</h2><svg class=\"chart cost\" viewBox=\"0 0 620 60\" width=\"620\" role=\"img\" aria-label=\"Monthly cost split\">")
                .Raw($"<rect x=\"0\" y=\"10\" width=\"{Charts.Svg.N(computeWidth)}\" height=\"24\" fill=\"#2563eb\"/><rect x=\"{Charts.Svg.N(computeWidth)}\" y=\"10\" width=\"{Charts.Svg.N(600 - computeWidth)}\" height=\"24\" fill=\"#d97706\"/>")
                .Raw($"<text x=\"0\" y=\"52\" class=\"legend\">compute {Html.Number(compute, "0.00")}</text><text x=\"600\" y=\"52\" text-anchor=\"end\" class=\"legend\">egress {Html.Number(egress, "0.00")}</text></svg>");
        }
        var rejections = Array(plan, "rejections", "rejected");
        if (rejections.Count > 0)
        {
            body.Raw("<h2>Rejected placements</h2><table><thead><tr><th>Workload</th><th>Cluster</th><th>Rule</th></tr></thead><tbody>");
            foreach (var rejection in rejections)
            {
                body.Raw("<tr><td>").Text(Text(rejection, "workload", "name")).Raw("</td><td>").Text(Text(rejection, "cluster", "target")).Raw("</td><td>").Text(Text(rejection, "rule", "reason")).Raw("</td></tr>");
            }
            body.Raw("</tbody></table>");
        }
        return Layout.Page("/placement", "Placement and cost", body);
    }

    private static List<JsonElement> Array(JsonElement plan, params string[] names)
    {
        foreach (var name in names)
        {
            if (plan.ValueKind == JsonValueKind.Object && plan.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                return [.. value.EnumerateArray()];
            }
        }
        return [];
    }

    private static string Text(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
            }
        }
        return "";
    }

    private static double Number(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                return value.GetDouble();
            }
        }
        return 0;
    }
}
