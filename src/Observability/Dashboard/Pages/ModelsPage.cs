using System.Text.Json;
using Microsoft.Extensions.Options;
using Reference.Observability.Drift;
using Reference.Observability.Infrastructure;
using Reference.Observability.Storage;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>Every registered model: versions with metrics, aliases and promotions, read from the registry through service discovery.</summary>
internal static class ModelsPage
{
    private const int MaxModels = 50;
    private const int VersionsPerModel = 20;

    public static async Task<IResult> RenderAsync(
        IHttpClientFactory httpClients, IOptions<DriftOptions> options, ServingQueries serving, DriftStore drift, TimeProvider time, CancellationToken cancellationToken)
    {
        var registry = options.Value.ModelRegistry;
        var client = httpClients.CreateClient(RegistryDataProfileSource.HttpClientName);
        var body = new Html();
        JsonElement models;
        try
        {
            models = await GetAsync(client, $"http://{registry}/api/models?pageSize={MaxModels}", cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException)
        {
            body.Raw("<p>The model registry cannot be reached: ").Text(ex.Message).Raw("</p>");
            return Layout.Page("/models", "Models", body);
        }
        var items = models.TryGetProperty("items", out var list) ? list.EnumerateArray().ToList() : [];
        if (items.Count == 0)
        {
            body.Raw("<p>No models are registered yet.</p>");
            return Layout.Page("/models", "Models", body);
        }
        var latestDrift = (await drift.LatestAsync(cancellationToken)).ToDictionary(r => (r.Report.Model, r.Report.Version));
        foreach (var model in items)
        {
            var name = model.GetProperty("name").GetString()!;
            body.Raw("<div class=\"card\" data-model=\"").Text(name).Raw("\"><h2 style=\"margin-top:0\">").Text(name).Raw("</h2><p class=\"muted\">").Text(Str(model, "description")).Raw("</p>");
            if (model.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Object)
            {
                foreach (var alias in aliases.EnumerateObject())
                {
                    body.Raw(Layout.Badge($"{alias.Name} → v{alias.Value}")).Raw(" ");
                }
            }
            try
            {
                var versions = await GetAsync(client, $"http://{registry}/api/models/{Uri.EscapeDataString(name)}/versions?pageSize={VersionsPerModel}", cancellationToken);
                body.Raw("<table><thead><tr><th>Version</th><th>Algorithm</th><th>Metrics</th><th>Aliases</th><th>Created</th><th>By</th></tr></thead><tbody>");
                foreach (var version in versions.GetProperty("items").EnumerateArray().Reverse())
                {
                    var metrics = version.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object
                        ? string.Join(", ", m.EnumerateObject().Select(p => $"{p.Name} {Html.Number(p.Value.GetDouble(), "0.####")}")) : "";
                    var versionAliases = version.TryGetProperty("aliases", out var a) ? string.Join(", ", a.EnumerateArray().Select(x => x.GetString())) : "";
                    body.Raw("<tr><td>v").Text(version.GetProperty("version").GetRawText()).Raw("</td><td>").Text(Str(version, "algorithm")).Raw("</td><td>").Text(metrics)
                        .Raw("</td><td>").Text(versionAliases).Raw("</td><td>").Text(Str(version, "createdAt")).Raw("</td><td>").Text(Str(version, "createdBy")).Raw("</td></tr>");
                }
                body.Raw("</tbody></table>");
                var promotions = await GetAsync(client, $"http://{registry}/api/models/{Uri.EscapeDataString(name)}/promotions", cancellationToken);
                var promotionList = promotions.ValueKind == JsonValueKind.Array ? promotions : promotions.TryGetProperty("items", out var p) ? p : default;
                if (promotionList.ValueKind == JsonValueKind.Array && promotionList.GetArrayLength() > 0)
                {
                    body.Raw("<h2>Promotions</h2><table><thead><tr><th>Version</th><th>Alias</th><th>Environment</th><th>Status</th><th>Requested by</th><th>Reason</th></tr></thead><tbody>");
                    foreach (var promotion in promotionList.EnumerateArray())
                    {
                        body.Raw("<tr><td>v").Text(promotion.GetProperty("version").GetRawText()).Raw("</td><td>").Text(Str(promotion, "alias")).Raw("</td><td>").Text(Str(promotion, "environment"))
                            .Raw("</td><td>").Raw(Layout.Badge(Str(promotion, "status"))).Raw("</td><td>").Text(Str(promotion, "requestedBy")).Raw("</td><td>").Text(Str(promotion, "reason")).Raw("</td></tr>");
                    }
                    body.Raw("</tbody></table>");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                body.Raw("<p class=\"muted\">Versions unavailable: ").Text(ex.Message).Raw("</p>");
            }
            await ServingSection.RenderAsync(body, name, serving, latestDrift, time, cancellationToken);
            body.Raw("</div>");
        }
        return Layout.Page("/models", "Models", body);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    private static string Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? (value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText()) : "";
}
