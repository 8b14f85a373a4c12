using System.Text.Json.Nodes;
using Reference.TrainingRunner.Tests.Support;

namespace Reference.TrainingRunner.Tests;

[Collection(TrainingCollection.Name)]
public class ScheduleTests(TrainingFixture fixture)
{
    [Fact]
    public async Task A_short_schedule_enqueues_one_job_per_period_across_several_runner_replicas()
    {
        var useCase = TrainingFixture.UniqueModel("sched");
        var model = TrainingFixture.UniqueModel("sched-model");
        var specs = RunOnceProcess.WriteUseCase(useCase, model, "schedule: 2s");
        using var runner = fixture.Runner();

        // Three API replicas, all running schedules (each checks every 1 s here), racing for the same due time.
        var replicas = new List<RunnerProcess>();
        List<JsonNode> jobs;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                replicas.Add(await RunnerProcess.StartAsync(fixture, specs, new Dictionary<string, string>
                {
                    ["OTEL_SERVICE_NAME"] = $"{useCase}-scheduler-{i}",
                    ["Training__PollInterval"] = "00:00:00.100",
                }));
            }
            jobs = await WaitForJobsAsync(runner, model, count: 4, replicas);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
        // Read again once no replica runs: what the schedules did, complete.
        jobs = await ListAsync(runner, model);
        try
        {
            Assert.True(jobs.Count >= 4, $"{jobs.Count} jobs");
            Assert.All(jobs, j => Assert.Equal("schedule", j["trigger"]!.GetValue<string>()));
            Assert.All(jobs, j => Assert.StartsWith($"{useCase}-scheduler-", j["submittedBy"]!.GetValue<string>()));
            // Once per period: the claim of a due time moves it a period on in the same transaction as the job's insert,
            // so two replicas never start the same period and consecutive jobs are at least a period apart.
            var created = jobs.Select(j => j["createdAt"]!.GetValue<DateTimeOffset>()).Order().ToList();
            for (var i = 1; i < created.Count; i++)
            {
                Assert.True(created[i] - created[i - 1] >= TimeSpan.FromSeconds(2), $"jobs {i - 1} and {i} were created {(created[i] - created[i - 1]).TotalSeconds:0.000} s apart");
            }
        }
        finally
        {
            // Nobody wants these runs: leave the pools free for the other tests.
            foreach (var job in jobs.Where(j => j["state"]!.GetValue<string>() is "Queued" or "Running"))
            {
                await runner.PostAsync($"/api/jobs/{job["id"]!.GetValue<string>()}/cancel", null);
            }
            foreach (var job in jobs)
            {
                await Jobs.WaitAsync(runner, job["id"]!.GetValue<string>(), j => j.IsFinal());
            }
        }
    }

    private static async Task<List<JsonNode>> WaitForJobsAsync(HttpClient runner, string model, int count, List<RunnerProcess> replicas)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var jobs = await ListAsync(runner, model);
            if (jobs.Count >= count)
            {
                return jobs;
            }
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"{jobs.Count} of {count} scheduled jobs after 90 s. Replica output:\n{string.Join("\n---\n", replicas.Select(r => r.Output))}");
            }
            await Task.Delay(250, CancellationToken.None); // polling the queue: the jobs are the condition awaited
        }
    }

    private static async Task<List<JsonNode>> ListAsync(HttpClient runner, string model) =>
        [.. JsonNode.Parse(await runner.GetStringAsync($"/api/jobs?model={model}"))!["items"]!.AsArray().Select(j => j!)];
}
