using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reference.FeatureStore.Client;

// Typed client for the feature store's API (register with AddHttpClient<FeatureStoreHttpClient>(c => c.BaseAddress =
// new("http://feature-store")) so that service discovery and service tokens apply).
public sealed class FeatureStoreHttpClient(HttpClient http)
{
    public async Task<FeatureViewInfo?> GetFeatureViewAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"/api/feature-views/{Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.FeatureViewInfo, cancellationToken).ConfigureAwait(false);
    }

    public async Task<FeatureServiceInfo?> GetFeatureServiceAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"/api/feature-services/{Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.FeatureServiceInfo, cancellationToken).ConfigureAwait(false);
    }

    // Resolves a feature service's references into a plan for the in-process reader.
    public async Task<OnlineFeaturePlan> PlanAsync(string featureService, CancellationToken cancellationToken = default)
    {
        var service = await GetFeatureServiceAsync(featureService, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Feature service '{featureService}' does not exist.");
        return await PlanAsync(service.Features, cancellationToken).ConfigureAwait(false);
    }

    public async Task<OnlineFeaturePlan> PlanAsync(IEnumerable<string> references, CancellationToken cancellationToken = default)
    {
        var views = new List<(FeatureViewInfo View, List<string> Features)>();
        foreach (var reference in references)
        {
            var colon = reference.IndexOf(':');
            if (colon <= 0)
            {
                throw new ArgumentException($"'{reference}' is not a feature reference; write \"view:feature\" or \"view:*\".", nameof(references));
            }
            var name = reference[..colon];
            var feature = reference[(colon + 1)..];
            var entry = views.Find(v => v.View.Name == name);
            if (entry.View is null)
            {
                var view = await GetFeatureViewAsync(name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Feature view '{name}' does not exist.");
                entry = (view, []);
                views.Add(entry);
            }
            foreach (var f in feature == "*" ? entry.View.Features.Select(f => f.Name) : [feature])
            {
                if (!entry.View.Features.Any(x => x.Name == f))
                {
                    throw new InvalidOperationException($"Feature view '{name}' has no feature '{f}'.");
                }
                if (!entry.Features.Contains(f))
                {
                    entry.Features.Add(f);
                }
            }
        }
        return new OnlineFeaturePlan(views.Select(v => new OnlineFeaturePlan.PlannedView(v.View, [.. v.Features],
            Duration.TryParse(v.View.Ttl, out var ttl) && ttl > TimeSpan.Zero ? ttl : null)).ToArray());
    }

    // POST /api/online-features with Feast's request shape; the response is Feast's (see OnlineFeaturesResponse in the service).
    public async Task<JsonDocument> GetOnlineFeaturesAsync(object request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync("/api/online-features",
            new StringContent(JsonSerializer.Serialize(request), System.Text.Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FeatureViewInfo))]
[JsonSerializable(typeof(FeatureServiceInfo))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
