using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reference.ModelRegistry.Client;
using Reference.TrainingRunner.Tests.Support;

namespace Reference.TrainingRunner.Tests;

[Collection(TrainingCollection.Name)]
public class JobLifecycleTests(TrainingFixture fixture)
{
    [Fact]
    public async Task A_job_trains_on_the_feature_store_and_registers_a_challenger_with_lineage_and_profile()
    {
        var model = TrainingFixture.UniqueModel("fraud");
        var registry = fixture.Registry();
        await registry.CreateModelAsync(new CreateModelRequest(model, "fraud detector under test", UseCase: "fraud"));
        // Champion is protected: the runner's gate check passes, so it asks for a promotion that an approver decides.
        using (var admin = fixture.Client("model-registry", "admin"))
        {
            var policy = new PromotionPolicy([new ProtectedAlias("champion", 1, [new MetricGate("auc", Min: 0.6)])]);
            (await admin.PutAsJsonAsync($"/api/models/{model}/promotion-policy", policy, RegistryJsonContext.Default.PromotionPolicy)).EnsureSuccessStatusCode();
        }
        using var runner = fixture.Runner();
        var key = Guid.NewGuid().ToString();
        var request = Jobs.Request(model, gates: new { metric = "auc", min = 0.6, maxRegression = 0.01 });
        var submitted = await Jobs.SubmitAsync(runner, request, key);
        var id = submitted["id"]!.GetValue<string>();
        Assert.Equal("Queued", submitted.State());

        // A retried submission with the same key is the same job, not a second one.
        var again = await Jobs.SubmitAsync(runner, request, key);
        Assert.Equal(id, again["id"]!.GetValue<string>());

        var done = await Jobs.WaitAsync(runner, id, j => j.IsFinal());
        Assert.True(done.State() == "Succeeded", done.ToJsonString());
        Assert.Equal(100, done["percent"]!.GetValue<double>());
        var result = done["result"]!;
        var version = result["version"]!.GetValue<int>();
        Assert.Contains("challenger", result["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.True(result["metrics"]!["auc"]!.GetValue<double>() > 0.7, result.ToJsonString());
        Assert.True(result["promotion"]!["requested"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal("pending", result["promotion"]!["status"]!.GetValue<string>());

        var registered = (await registry.GetVersionAsync(model, version))!;
        Assert.Equal(id, registered.SourceRunId);
        Assert.Equal("gbdt", registered.Algorithm);
        Assert.Equal(id, registered.Lineage.TrainingJobId);
        Assert.Matches("^[0-9a-f]{64}$", registered.Lineage.DatasetSha256);
        Assert.Equal(result["datasetSha256"]!.GetValue<string>(), registered.Lineage.DatasetSha256);
        Assert.Equal(["card_txn_stats", "fraud_labels"], registered.Lineage.FeatureViews!.Select(v => v.Name));
        Assert.All(registered.Lineage.FeatureViews!, v => Assert.True(v.Version >= 1));
        Assert.Equal("confidential", registered.Lineage.Classification);
        Assert.Equal("eu", registered.Lineage.Residency);
        Assert.Equal(["card_txn_stats__txn_count_1h", "card_txn_stats__amount_avg_24h", "card_txn_stats__merchant_risk", "card_txn_stats__channel"],
            registered.Signature!.Inputs!.Select(i => i.Name));
        Assert.Equal(version, (await registry.ResolveAliasAsync(model, "challenger"))!.Version);

        using var reader = fixture.Client("model-registry", "viewer", clearance: "confidential");
        var profile = JsonNode.Parse(await reader.GetStringAsync($"/api/models/{model}/versions/{version}/data-profile"))!;
        Assert.Equal(result["trainingRows"]!.GetValue<long>(), profile["rowCount"]!.GetValue<long>());
        Assert.Equal(4, profile["features"]!.AsArray().Count);

        // The event stream replays the run: queued, running, each stage, succeeded.
        var events = await ReadEventsAsync(runner, id);
        Assert.Equal("Queued", events.First(e => e.Kind == "state").Data["state"]!.GetValue<string>());
        Assert.Equal(["FetchingData", "Splitting", "Training", "Evaluating", "Profiling", "Registering", "Promoting"],
            events.Where(e => e.Kind == "stage").Select(e => e.Data["stage"]!.GetValue<string>()));
        Assert.Equal("Succeeded", events.Last().Data["state"]!.GetValue<string>());

        var listed = JsonNode.Parse(await runner.GetStringAsync($"/api/jobs?model={model}&state=Succeeded"))!["items"]!.AsArray();
        Assert.Equal([id], listed.Select(j => j!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_job_from_the_use_case_spec_carries_its_training_section()
    {
        using var runner = fixture.Runner();
        using var response = await runner.PostAsync("/api/jobs/from-spec/fraud", null);
        var job = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, job.ToJsonString());
        var id = job["id"]!.GetValue<string>();
        var request = job["request"]!;
        Assert.Equal("fraud-detector", request["model"]!.GetValue<string>());
        Assert.Equal("fraud_v1", request["featureService"]!.GetValue<string>());
        Assert.Equal(200, request["hyperparameters"]!["trees"]!.GetValue<double>());
        Assert.Equal(0.8, request["gates"]!["min"]!.GetValue<double>());
        Assert.Equal("spec", job["trigger"]!.GetValue<string>());

        // Nobody here wants the full run.
        await CancelAsync(runner, id);

        using var missing = await runner.PostAsync("/api/jobs/from-spec/no-such-use-case", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_drift_alert_starts_one_retrain_per_cooldown()
    {
        using var observability = fixture.Client("training-runner", "service", subject: "observability");
        using var first = await observability.PostAsJsonAsync("/api/triggers/drift", new { model = "fraud-detector", reason = "PSI 0.31 on amount_avg_24h" });
        var started = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.True(first.StatusCode == HttpStatusCode.Accepted, started.ToJsonString());
        Assert.True(started["started"]!.GetValue<bool>());
        var jobId = started["jobId"]!.GetValue<string>();

        using var second = await observability.PostAsJsonAsync("/api/triggers/drift", new { model = "fraud-detector", reason = "still drifting" });
        var coalesced = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(coalesced["started"]!.GetValue<bool>());
        Assert.Equal(jobId, coalesced["jobId"]!.GetValue<string>());

        using var runner = fixture.Runner();
        var job = await Jobs.GetAsync(runner, jobId);
        Assert.Equal("drift", job["trigger"]!.GetValue<string>());
        await CancelAsync(runner, jobId);

        using var unknown = await observability.PostAsJsonAsync("/api/triggers/drift", new { model = "nobody-trains-this" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
    }

    // Cleanup of a run nobody wants. A short run may reach its end before the cancel arrives (409) or before the
    // worker's next heartbeat carries it; cancel semantics are tested on a long run in FaultToleranceTests.
    private static async Task CancelAsync(HttpClient runner, string id)
    {
        using var cancel = await runner.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.True(cancel.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"cancel: {(int)cancel.StatusCode}");
        await Jobs.WaitAsync(runner, id, j => j.IsFinal());
    }

    private static async Task<List<(string Kind, JsonNode Data)>> ReadEventsAsync(HttpClient runner, string id)
    {
        var text = await runner.GetStringAsync($"/api/jobs/{id}/events");
        var events = new List<(string, JsonNode)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = block.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
            var item = JsonNode.Parse(data)!;
            events.Add((item["kind"]!.GetValue<string>(), item["data"]!));
        }
        return events;
    }
}
