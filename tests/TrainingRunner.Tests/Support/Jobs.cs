using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reference.TrainingRunner.Tests.Support;

// Job requests and waits over the runner's HTTP API. Waits follow the job's Server-Sent Events, so a test moves on
// when the job changes, not after a fixed sleep.
internal static class Jobs
{
    public static JsonObject Request(string model, string featureService = FraudData.FeatureService, object? hyperparameters = null, object? placement = null,
        object? gates = null, string algorithm = "gbdt", string labelColumn = FraudData.LabelColumn) => JsonSerializer.SerializeToNode(new
        {
            useCase = "fraud",
            model,
            featureService,
            labels = new { featureView = FraudData.LabelView, column = labelColumn },
            entitySet = FraudData.EntitySet,
            algorithm,
            hyperparameters = hyperparameters ?? new { trees = 30, maxDepth = 4, learningRate = 0.2 },
            validation = new { split = "time", fraction = 0.25 },
            gates,
            placement,
        })!.AsObject();

    // Many small trees with no early stopping: a run that is still training when the test acts on it.
    public static object LongTraining => new { trees = 100000, maxDepth = 3, learningRate = 0.001, earlyStoppingRounds = 0 };

    public static async Task<JsonObject> SubmitAsync(HttpClient runner, JsonObject request, string? idempotencyKey = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = JsonContent.Create(request) };
        message.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        using var response = await runner.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(HttpClient runner, string id) =>
        JsonNode.Parse(await runner.GetStringAsync($"/api/jobs/{id}"))!.AsObject();

    // Follows /events until the job satisfies the condition; fails if the job ends (or the time runs out) first.
    public static async Task<JsonObject> WaitAsync(HttpClient runner, string id, Func<JsonObject, bool> condition, int timeoutSeconds = 90)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var job = await GetAsync(runner, id);
        if (condition(job))
        {
            return job;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{id}/events");
        using var response = await runner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                job = await GetAsync(runner, id);
                if (condition(job))
                {
                    return job;
                }
            }
        }
        job = await GetAsync(runner, id);
        Assert.True(condition(job), $"Job {id} ended without reaching the awaited condition: {job.ToJsonString()}");
        return job;
    }

    public static string State(this JsonObject job) => job["state"]!.GetValue<string>();

    public static string? Stage(this JsonObject job) => job["stage"]?.GetValue<string>();

    public static bool IsFinal(this JsonObject job) => job.State() is "Succeeded" or "Failed" or "Cancelled";
}
