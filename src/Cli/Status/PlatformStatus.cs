using System.Globalization;
using System.Text.Json;
using Reference.Cli.Connection;
using Reference.Cli.Specs;

namespace Reference.Cli.Status;

// `platform status`: each service's health, and for a use case its feature views' rows and freshness, its model's
// versions and aliases, its latest training job, and whether serving is ready with a champion.
public sealed class PlatformStatus(CliContext context)
{
    public static readonly string[] Services = ["model-registry", "feature-store", "training-runner", "serving", "observability"];

    public async Task ShowAsync(UseCaseSpec? spec, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var service in Services)
        {
            IReadOnlyList<Uri> urls;
            try
            {
                urls = context.Platform.Endpoints.All(service);
            }
            catch (CliException)
            {
                rows.Add([service, "not known", ""]);
                continue;
            }

            foreach (var url in urls)
            {
                rows.Add([service, await HealthAsync(probe, new Uri(url, "/health"), cancellationToken), url.ToString()]);
            }
        }

        context.Terminal.Table(["service", "health", "url"], rows);
        if (spec is null)
        {
            return;
        }

        var views = new List<IReadOnlyList<string>>();
        foreach (var view in spec.FeatureViews)
        {
            var stats = await context.Platform.GetOrNullAsync("feature-store", $"/api/feature-views/{view.Name}/stats", Roles.Viewer, cancellationToken);
            views.Add(stats is { } s
                ? [view.Name!, s.GetProperty("rows").GetInt64().ToString("N0", CultureInfo.InvariantCulture), s.Text("newestEventTimestamp"), s.Text("newestMaterialized")]
                : [view.Name!, "not applied", "", ""]);
        }

        context.Terminal.Table(["feature view", "rows", "newest event", "materialized up to"], views);
        if (spec.Training?.Model is not { } model)
        {
            return;
        }

        var registered = await context.Platform.GetOrNullAsync("model-registry", $"/api/models/{Uri.EscapeDataString(model)}", Roles.Viewer, cancellationToken);
        var aliases = registered is { } r && r.TryGetProperty("aliases", out var a) ? string.Join(", ", a.EnumerateObject().Select(p => $"{p.Name}→v{p.Value}")) : "";
        var jobs = await context.Platform.SendAsync(HttpMethod.Get, "training-runner", $"/api/jobs?model={Uri.EscapeDataString(model)}&pageSize=1", null, Roles.Viewer, cancellationToken);
        var latest = jobs.GetProperty("items").EnumerateArray().FirstOrDefault();
        context.Terminal.Table(["model", "latest version", "aliases", "latest job", "serving ready"],
        [
            [
                model,
                registered is { } m ? m.Text("latestVersion") : "not registered",
                aliases.Length > 0 ? aliases : "none",
                latest.ValueKind == JsonValueKind.Object ? $"{latest.Text("state")} ({latest.Text("createdAt")})" : "none",
                await ServingReadyAsync(probe, model, cancellationToken),
            ],
        ]);
    }

    private async Task<string> ServingReadyAsync(HttpClient probe, string model, CancellationToken cancellationToken)
    {
        try
        {
            var urls = context.Platform.Endpoints.All("serving");
            var ready = 0;
            foreach (var url in urls)
            {
                ready += await HealthAsync(probe, new Uri(url, $"/v2/models/{Uri.EscapeDataString(model)}/ready"), cancellationToken, context.Platform.Credentials.For(Roles.Viewer)) == "healthy" ? 1 : 0;
            }

            return $"{ready} of {urls.Count} replicas";
        }
        catch (CliException)
        {
            return "serving not known";
        }
    }

    private static async Task<string> HealthAsync(HttpClient probe, Uri url, CancellationToken cancellationToken, string? token = null)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await probe.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? "healthy" : $"unhealthy ({(int)response.StatusCode})";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return "not answering";
        }
    }
}
