using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Reference.TrainingRunner.Runs;

public sealed record FeatureViewInfo(string Name, int Version, IReadOnlyList<(string Name, string Type)> Features, string Classification, string Residency);

// The feature store as the runner reads it: definitions (GET) and streamed historical retrieval. Calls carry the
// service token that ServiceDefaults attaches to discovered services.
public sealed class FeatureStoreGateway(HttpClient http)
{
    public const string HttpClientName = "feature-store";

    public async Task<string[]?> GetFeatureServiceAsync(string name, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync($"api/feature-services/{Uri.EscapeDataString(name)}", cancellationToken);
        return document?.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray();
    }

    public async Task<FeatureViewInfo?> GetFeatureViewAsync(string name, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync($"api/feature-views/{Uri.EscapeDataString(name)}", cancellationToken);
        if (document is null)
        {
            return null;
        }
        var root = document.RootElement;
        var features = root.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("type").GetString()!)).ToArray();
        return new FeatureViewInfo(root.GetProperty("name").GetString()!, root.GetProperty("version").GetInt32(), features,
            root.GetProperty("classification").GetString()!, root.TryGetProperty("residency", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "any");
    }

    public async Task<bool> EntitySetExistsAsync(string name, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync($"api/entity-sets/{Uri.EscapeDataString(name)}", cancellationToken);
        return document is not null;
    }

    // The joined rows as NDJSON, in entity-set order; the caller reads and disposes the response.
    public async Task<HttpResponseMessage> OpenHistoricalAsync(string entitySet, IReadOnlyList<string> features, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["entitySet"] = entitySet, ["features"] = features, ["fullFeatureNames"] = true });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/historical-features") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new TrainingDataException($"The feature store refused the historical retrieval ({(int)response.StatusCode}): {text}", retryable: (int)response.StatusCode >= 500);
        }
        return response;
    }

    private async Task<JsonDocument?> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The feature store answered {(int)response.StatusCode} to GET {path}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }
}
