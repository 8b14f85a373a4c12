using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Reference.ModelRegistry.Client;
using Reference.TrainingRunner.Tests.Support;

namespace Reference.TrainingRunner.Tests;

[Collection(TrainingCollection.Name)]
public class FaultToleranceTests(TrainingFixture fixture)
{
    [Fact]
    public async Task Killing_the_worker_mid_training_retries_the_job_and_registers_exactly_one_version()
    {
        var model = TrainingFixture.UniqueModel("kill");
        using var runner = fixture.Runner();
        // Pinned to on-prem so that the retry runs on the restarted worker process.
        var request = Jobs.Request(model, hyperparameters: new { trees = 1500, maxDepth = 4, learningRate = 0.01, earlyStoppingRounds = 0 }, placement: new { pool = "onprem" });
        var id = (await Jobs.SubmitAsync(runner, request))["id"]!.GetValue<string>();

        var training = await Jobs.WaitAsync(runner, id, j => j.Stage() == "Training" && j["percent"]!.GetValue<double>() > 12);
        Assert.Equal(1, training["attempts"]!.GetValue<int>());
        fixture.App.KillReplica("training-worker-onprem");

        var done = await Jobs.WaitAsync(runner, id, j => j.IsFinal(), timeoutSeconds: 150);
        Assert.True(done.State() == "Succeeded", done.ToJsonString());
        Assert.Equal(2, done["attempts"]!.GetValue<int>());

        using var registry = fixture.Client("model-registry", "viewer");
        var versions = (await registry.GetFromJsonAsync($"/api/models/{model}/versions", RegistryJsonContext.Default.PageModelVersion))!;
        var version = Assert.Single(versions.Items);
        Assert.Equal(id, version.SourceRunId);
        Assert.Equal(done["result"]!["version"]!.GetValue<int>(), version.Version);
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_and_registers_nothing()
    {
        var model = TrainingFixture.UniqueModel("cancel");
        using var runner = fixture.Runner();
        var id = (await Jobs.SubmitAsync(runner, Jobs.Request(model, hyperparameters: Jobs.LongTraining)))["id"]!.GetValue<string>();
        await Jobs.WaitAsync(runner, id, j => j.Stage() == "Training" && j["percent"]!.GetValue<double>() > 12);

        using var cancel = await runner.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        // The bound is generous for a shared machine; the heartbeat (0.5 s here) is what carries the request.
        var ended = await Jobs.WaitAsync(runner, id, j => j.IsFinal(), timeoutSeconds: 20);
        Assert.Equal("Cancelled", ended.State());
        Assert.Null(ended["result"]);
        Assert.Null(await fixture.Registry().GetModelAsync(model));

        using var again = await runner.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);
    }
}
