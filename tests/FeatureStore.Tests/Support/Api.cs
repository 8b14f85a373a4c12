using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reference.FeatureStore.Tests.Support;

// Thin helpers over the HTTP API, so tests read as the behaviour they check.
internal static class Api
{
    public static string Unique(string name) => $"{name}_{Guid.NewGuid():N}"[..(name.Length + 9)];

    public static async Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string body, string contentType, string? idempotencyKey = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, string? idempotencyKey = null, string? accept = null) =>
        client.PostAsync(path, JsonSerializer.Serialize(body), "application/json", idempotencyKey, accept);

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.ReadJsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem;
    }

    // An entity keyed by `key` and a view over it; returns the view name.
    public static async Task<string> CreateViewAsync(this HttpClient client, string key, object[] features, string? ttl = "1d",
        string classification = "internal", string residency = "any", string? viewName = null, string? entityName = null)
    {
        entityName ??= Unique("ent");
        viewName ??= Unique("fv");
        (await client.PutJsonAsync($"/api/entities/{entityName}", new { joinKeys = new[] { key } })).EnsureSuccessStatusCode();
        var response = await client.PutJsonAsync($"/api/feature-views/{viewName}", new { entities = new[] { entityName }, ttl, features, classification, residency });
        await response.ReadJsonAsync(HttpStatusCode.Created);
        return viewName;
    }

    public static async Task IngestAsync(this HttpClient client, string view, IEnumerable<object> rows)
    {
        var body = string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r)));
        await (await client.PostAsync($"/api/feature-views/{view}/rows", body, "application/x-ndjson")).ReadJsonAsync(HttpStatusCode.OK);
    }

    public static async Task<List<JsonObject>> HistoricalAsync(this HttpClient client, object request)
    {
        var response = await client.PostJsonAsync("/api/historical-features", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
    }

    public static async Task<JsonNode> MaterializeAsync(this HttpClient client, string path, object request)
    {
        var response = await client.PostJsonAsync(path, request);
        var job = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        var location = response.Headers.Location!.ToString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            job = await (await client.GetAsync(location)).ReadJsonAsync(HttpStatusCode.OK);
            var state = job["state"]!.GetValue<string>();
            if (state is "succeeded" or "failed")
            {
                Assert.True(state == "succeeded", job.ToJsonString());
                return job;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Materialization did not finish: {job.ToJsonString()}");
            }
            await Task.Delay(50);
        }
    }

    public static async Task<JsonNode> OnlineAsync(this HttpClient client, object request) =>
        await (await client.PostJsonAsync("/api/online-features", request)).ReadJsonAsync(HttpStatusCode.OK);

    // Online response column for a feature name: (values, statuses).
    public static (JsonArray Values, string[] Statuses) Column(JsonNode response, string name)
    {
        var names = response["metadata"]!["featureNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var index = names.IndexOf(name);
        Assert.True(index >= 0, $"'{name}' not in {string.Join(", ", names)}");
        var result = response["results"]![index]!;
        return (result["values"]!.AsArray(), result["statuses"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray());
    }
}
