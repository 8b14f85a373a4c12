using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Reference.Tests.Shared;

// Feature store calls that a test's setup depends on: each throws with the answer's status and body when refused.
public static class FeatureStoreRequests
{
    public static async Task PutAsync(HttpClient featureStore, string path, object body)
    {
        using var response = await featureStore.PutAsJsonAsync(path, body);
        await EnsureAsync(response, $"PUT {path}");
    }

    // Offline rows, streamed as NDJSON like `platform ingest`.
    public static async Task IngestAsync<T>(HttpClient featureStore, string view, IEnumerable<T> rows)
    {
        var body = string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r)));
        using var response = await featureStore.PostAsync($"/api/feature-views/{view}/rows", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        await EnsureAsync(response, $"ingest {view}");
    }

    public static async Task PushOnlineAsync<T>(HttpClient featureStore, string view, IReadOnlyList<T> rows)
    {
        using var response = await featureStore.PostAsJsonAsync($"/api/push/{view}", new { to = "online", rows });
        await EnsureAsync(response, $"push {view}");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
