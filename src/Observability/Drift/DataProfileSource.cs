using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Reference.Learning.Profiles;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Drift;

/// <summary>Where a model version's training data profile comes from.</summary>
public interface IDataProfileSource
{
    Task<DataProfile?> GetAsync(string model, int version, CancellationToken cancellationToken);
}

/// <summary>
/// Reads profiles from the registry (GET /api/models/{m}/versions/{v}/data-profile, through service discovery). A
/// version's profile never changes, so found profiles are kept; misses are asked again next time.
/// </summary>
public sealed class RegistryDataProfileSource(IHttpClientFactory httpClients, IOptions<DriftOptions> options, ILogger<RegistryDataProfileSource> logger) : IDataProfileSource
{
    public const string HttpClientName = "model-registry";
    private readonly ConcurrentDictionary<(string, int), DataProfile> cache = new();

    public async Task<DataProfile?> GetAsync(string model, int version, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue((model, version), out var cached))
        {
            return cached;
        }
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.GetAsync($"http://{options.Value.ModelRegistry}/api/models/{Uri.EscapeDataString(model)}/versions/{version}/data-profile", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            response.EnsureSuccessStatusCode();
            var profile = DataProfile.FromJson(await response.Content.ReadAsStringAsync(cancellationToken));
            cache[(model, version)] = profile;
            return profile;
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or InvalidOperationException or TaskCanceledException)
        {
            logger.LogWarning(ex, "No training data profile for {Model} version {Version}; drift is not evaluated for it", model, version);
            return null;
        }
    }
}
