using System.Net.Http.Json;
using Reference.Faults.Tests.Support;
using Reference.Hosting.Orchestration;
using Reference.ModelRegistry.Client;
using Xunit.Abstractions;

namespace Reference.Faults.Tests;

[Collection(FaultsCollection.Name)]
public sealed class WorkerCrashTests(FaultsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_killed_mid_job_leaves_the_job_to_be_finished_after_its_lease_expires_with_one_version()
    {
        const string Phase = "worker: fault";
        var model = $"fault-worker-{Guid.NewGuid():N}"[..25];
        using var runner = fixture.Client("training-runner", "ml-engineer");
        // Pinned to on-prem, so the attempt after the crash runs on the restarted worker process; long enough to be
        // still training when the worker is killed.
        var id = await TrainingJobs.SubmitAsync(runner, model, new { trees = 1500, maxDepth = 4, learningRate = 0.01, earlyStoppingRounds = 0 }, pool: "onprem");
        var training = await TrainingJobs.WaitAsync(runner, id, j => j["stage"]?.GetValue<string>() == "Training" && j["percent"]!.GetValue<double>() > 12,
            TimeSpan.FromSeconds(60), "is training");
        Assert.Equal(1, training["attempts"]!.GetValue<int>());

        fixture.Traffic.EnterPhase(Phase);
        var crash = Crash.Kill(fixture, "training-worker-onprem");
        var restarted = await crash.RestartedAsync(FaultDrill.RestartLimit);
        var done = await TrainingJobs.WaitAsync(runner, id, j => j.IsFinal(), TimeSpan.FromSeconds(120), "ends");
        fixture.Traffic.EnterPhase("worker: after");
        await fixture.Traffic.DrainAsync();

        output.WriteLine($"SIGKILL training-worker-onprem (pid {crash.Pid}) at attempt 1; restarted as pid {restarted.Pid}; job {id}: {done.ToJsonString()}");
        output.WriteLine(fixture.Traffic.Report(Phase));
        Assert.True(done.State() == "Succeeded", done.ToJsonString());
        Assert.Equal(2, done["attempts"]!.GetValue<int>());

        using var registry = fixture.Client("model-registry", "viewer");
        var versions = (await registry.GetFromJsonAsync($"/api/models/{model}/versions", RegistryJsonContext.Default.PageModelVersion))!;
        var version = Assert.Single(versions.Items);
        Assert.Equal(id, version.SourceRunId);
        Assert.Equal(done["result"]!["version"]!.GetValue<int>(), version.Version);

        // Training is off the serving path: nothing that traffic reaches failed meanwhile.
        foreach (var target in fixture.Traffic.Targets)
        {
            var outcomes = fixture.Traffic.Outcomes(Phase, target);
            Assert.True(outcomes.Keys.All(o => o == "200"), $"{target}: {string.Join(", ", outcomes)}");
        }
        Assert.Equal(KnownResourceStates.Healthy, fixture.App.ResourceNotifications.Get("training-worker-onprem").State);
    }
}
