using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Reference.Faults.Tests.Support;

// Training jobs over the runner's API: a fraud job on the fixture's history, submitted with an Idempotency-Key.
internal static class TrainingJobs
{
    public static async Task<string> SubmitAsync(HttpClient runner, string model, object hyperparameters, string? pool = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = JsonContent.Create(new
            {
                useCase = "fraud",
                model,
                featureService = FraudDefinitions.FeatureService,
                labels = new { featureView = FraudDefinitions.LabelView, column = FraudDefinitions.LabelColumn },
                entitySet = FraudDefinitions.EntitySet,
                algorithm = "gbdt",
                hyperparameters,
                validation = new { split = "time", fraction = 0.25 },
                placement = pool is null ? null : new { pool },
            }),
        };
        message.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await runner.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"job submission: expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>The job as the runner reports it now; null when the runner does not know it (404).</summary>
    public static async Task<JsonObject?> FindAsync(HttpClient runner, string id)
    {
        using var response = await runner.GetAsync($"/api/jobs/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static async Task<JsonObject> WaitAsync(HttpClient runner, string id, Func<JsonObject, bool> condition, TimeSpan limit, string what)
    {
        JsonObject? job = null;
        try
        {
            await Until.TrueAsync(async () => (job = await FindAsync(runner, id)) is { } found && condition(found), limit, $"job {id} {what}", pollMilliseconds: 200);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Last seen: {job?.ToJsonString() ?? "nothing"}", timeout);
        }
        return job!;
    }

    public static string State(this JsonObject job) => job["state"]!.GetValue<string>();

    public static bool IsFinal(this JsonObject job) => job.State() is "Succeeded" or "Failed" or "Cancelled";
}
