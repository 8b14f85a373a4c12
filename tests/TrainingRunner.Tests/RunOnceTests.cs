using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Reference.ModelRegistry.Client;
using Reference.TrainingRunner.Tests.Support;

namespace Reference.TrainingRunner.Tests;

// Run-once mode as the published Kubernetes Job uses it: the runner's binary as a real process that submits its use
// case's job, works it to the end, and exits 0 on success or non-zero on failure.
[Collection(TrainingCollection.Name)]
public class RunOnceTests(TrainingFixture fixture)
{
    // The pool a run-once pod announces; the fraud data is EU-resident, so it must be labelled as being in the EU.
    private static readonly Dictionary<string, string> EuPool = new()
    {
        ["Training__Worker__Labels__location"] = "onprem",
        ["Training__Worker__Labels__jurisdiction"] = "eu",
        ["Training__Job__RunId"] = Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task A_run_once_process_trains_its_use_case_exits_zero_and_a_rerun_of_the_same_run_attaches_to_the_same_job()
    {
        var useCase = TrainingFixture.UniqueModel("once");
        var model = TrainingFixture.UniqueModel("once-model");
        // A service-submitted job cannot create models; platform apply creates them, as here.
        await fixture.Registry().CreateModelAsync(new CreateModelRequest(model, "run-once under test", UseCase: useCase));
        var specs = RunOnceProcess.WriteUseCase(useCase, model);

        var run = await RunOnceProcess.RunAsync(fixture, specs, useCase, EuPool);
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.Output}");
        Assert.Contains("submitted job", run.Output);

        using var runner = fixture.Runner();
        var jobs = JsonNode.Parse(await runner.GetStringAsync($"/api/jobs?model={model}"))!["items"]!.AsArray();
        var job = Assert.Single(jobs)!;
        Assert.Equal("Succeeded", job["state"]!.GetValue<string>());
        Assert.Equal("run-once", job["trigger"]!.GetValue<string>());
        Assert.Equal($"{useCase}-training", job["pool"]!.GetValue<string>());
        Assert.Equal(1, job["attempts"]!.GetValue<int>());
        var version = job["result"]!["version"]!.GetValue<int>();
        Assert.Equal(job["id"]!.GetValue<string>(), (await fixture.Registry().GetVersionAsync(model, version))!.SourceRunId);

        // A restarted pod of the same run (same run id) finds the finished job: no second job, no second version, exit 0.
        var rerun = await RunOnceProcess.RunAsync(fixture, specs, useCase, EuPool);
        Assert.True(rerun.ExitCode == 0, $"exit code {rerun.ExitCode}:\n{rerun.Output}");
        Assert.Contains("attached to job " + job["id"]!.GetValue<string>(), rerun.Output);
        Assert.Single(JsonNode.Parse(await runner.GetStringAsync($"/api/jobs?model={model}"))!["items"]!.AsArray());
        using var registry = fixture.Client("model-registry", "viewer");
        Assert.Single((await registry.GetFromJsonAsync($"/api/models/{model}/versions", RegistryJsonContext.Default.PageModelVersion))!.Items);
    }

    [Fact]
    public async Task A_run_once_process_exits_non_zero_when_its_job_fails_or_is_refused()
    {
        var useCase = TrainingFixture.UniqueModel("fail");
        // The model does not exist and a job submitted by a service may not create it: the run fails, not retried.
        var specs = RunOnceProcess.WriteUseCase(useCase, TrainingFixture.UniqueModel("absent"));
        var failed = await RunOnceProcess.RunAsync(fixture, specs, useCase, EuPool);
        Assert.True(failed.ExitCode == 1, $"exit code {failed.ExitCode}:\n{failed.Output}");
        Assert.Contains("cannot create models", failed.Output);

        // A pool without the EU label may not process EU-resident data: refused before anything is queued.
        var unlabelled = await RunOnceProcess.RunAsync(fixture, specs, useCase);
        Assert.True(unlabelled.ExitCode == 1, $"exit code {unlabelled.ExitCode}:\n{unlabelled.Output}");
        Assert.Contains("jurisdiction 'eu'", unlabelled.Output);

        var unknown = await RunOnceProcess.RunAsync(fixture, specs, "no-such-use-case");
        Assert.True(unknown.ExitCode == 2, $"exit code {unknown.ExitCode}:\n{unknown.Output}");
    }

    [Fact]
    public async Task A_run_once_process_stopped_mid_training_gives_the_job_back_and_exits_non_zero()
    {
        var useCase = TrainingFixture.UniqueModel("term");
        var model = TrainingFixture.UniqueModel("term-model");
        var specs = RunOnceProcess.WriteUseCase(useCase, model, hyperparameters: "{trees: 100000, maxDepth: 3, learningRate: 0.001, earlyStoppingRounds: 0}");
        using var runner = fixture.Runner();
        await using var process = await RunnerProcess.StartAsync(fixture, specs, new Dictionary<string, string>(EuPool)
        {
            ["Training__Job__RunOnce"] = "true",
            ["Training__Job__UseCase"] = useCase,
            ["Training__Job__RunId"] = Guid.NewGuid().ToString("N"),
        });
        var id = await WaitForJobAsync(runner, model);
        await Jobs.WaitAsync(runner, id, j => j.Stage() == "Training");

        process.Terminate();
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 3, $"exit code {code}:\n{process.Output}");
        // Given back at once (not left to its lease expiring), for the next pod of the run to take over.
        var job = await Jobs.GetAsync(runner, id);
        Assert.Equal("Queued", job.State());
        Assert.Equal("The worker shut down during the attempt.", job["error"]!.GetValue<string>());

        (await runner.PostAsync($"/api/jobs/{id}/cancel", null)).EnsureSuccessStatusCode();
        Assert.Equal("Cancelled", (await Jobs.WaitAsync(runner, id, j => j.IsFinal())).State());
    }

    private static async Task<string> WaitForJobAsync(HttpClient runner, string model)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var items = JsonNode.Parse(await runner.GetStringAsync($"/api/jobs?model={model}"))!["items"]!.AsArray();
            if (items.Count > 0)
            {
                return items[0]!["id"]!.GetValue<string>();
            }
            Assert.False(timeout.IsCancellationRequested, "The run-once process submitted no job within 60 s.");
            await Task.Delay(200, CancellationToken.None); // polling the queue: the job is the condition awaited
        }
    }
}
