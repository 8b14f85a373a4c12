using Reference.ModelRegistry.Client;
using Reference.TrainingRunner.Tests.Support;
using Reference.UseCases.Fraud;

namespace Reference.TrainingRunner.Tests;

[Collection(TrainingCollection.Name)]
public class TimeWindowTests(TrainingFixture fixture)
{
    // The entity set the fixture stored: one label event a minute from 2025-01-01T00:00:30Z.
    private static readonly IReadOnlyList<DateTimeOffset> LabelEvents = [.. FraudSampleData.Generate(TrainingFixture.SampleRows, seed: 42).Select(s => s.LabelAt)];

    [Fact]
    public async Task A_jobs_time_window_trains_only_on_the_entity_rows_inside_it()
    {
        var start = LabelEvents[0].AddMinutes(100).AddSeconds(-30);
        var end = LabelEvents[0].AddMinutes(300).AddSeconds(-30);
        var model = TrainingFixture.UniqueModel("window");
        var request = Jobs.Request(model, hyperparameters: new { trees = 20, maxDepth = 3, learningRate = 0.2 });
        request["timeWindow"] = System.Text.Json.JsonSerializer.SerializeToNode(new { start, end });
        using var runner = fixture.Runner();
        var id = (await Jobs.SubmitAsync(runner, request))["id"]!.GetValue<string>();

        var done = await Jobs.WaitAsync(runner, id, j => j.IsFinal());
        Assert.True(done.State() == "Succeeded", done.ToJsonString());
        Assert.Equal(LabelEvents.Count(t => t >= start && t < end), Rows(done));
    }

    [Fact]
    public async Task A_use_cases_training_window_takes_the_entity_rows_of_the_last_span_of_time()
    {
        // window: <span>, counted back from when the job is submitted; the boundary falls 30 s from any event,
        // far more than the time between computing it here and the submission.
        var boundary = LabelEvents[800].AddSeconds(-30);
        var span = (long)Math.Ceiling((DateTimeOffset.UtcNow - boundary).TotalSeconds);
        var useCase = TrainingFixture.UniqueModel("win");
        var model = TrainingFixture.UniqueModel("win-model");
        await fixture.Registry().CreateModelAsync(new CreateModelRequest(model, "training window under test", UseCase: useCase));
        var specs = RunOnceProcess.WriteUseCase(useCase, model, $"window: {span}s");

        var run = await RunOnceProcess.RunAsync(fixture, specs, useCase, new Dictionary<string, string>
        {
            ["Training__Worker__Labels__location"] = "onprem",
            ["Training__Worker__Labels__jurisdiction"] = "eu",
        });
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.Output}");

        using var runner = fixture.Runner();
        var job = System.Text.Json.Nodes.JsonNode.Parse(await runner.GetStringAsync($"/api/jobs?model={model}"))!["items"]![0]!;
        Assert.NotNull(job["request"]!["timeWindow"]!["start"]);
        Assert.Equal(LabelEvents.Count(t => t >= boundary), Rows(job));
        Assert.Equal(TrainingFixture.SampleRows - 800, Rows(job));
    }

    private static long Rows(System.Text.Json.Nodes.JsonNode job) =>
        job["result"]!["trainingRows"]!.GetValue<long>() + job["result"]!["validationRows"]!.GetValue<long>();
}
