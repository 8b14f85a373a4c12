using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Observability.Tests.Support;

namespace Reference.Observability.Tests.Drift;

// The retrain trigger against the real training-runner process, reached through service discovery: a model that stays
// drifted is asked about again after every (short) observability cooldown, and the runner starts exactly one job.
[Collection(RealTrainingRunnerCollection.Name)]
public sealed class RealRunnerTriggerTests(RealTrainingRunnerFixture fixture)
{
    // The model the fraud use case trains: the runner retrains only models a use case names.
    private const string Model = "fraud-detector";

    [Fact]
    public async Task A_model_that_stays_drifted_gets_exactly_one_retrain_job_in_the_runner_per_cooldown()
    {
        await fixture.LoadFraudUseCaseAsync();
        using (var registry = fixture.RegistryClient("ml-engineer"))
        {
            var created = await registry.PostAsJsonAsync("/api/models", new { name = Model, description = "drift trigger test" });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            await DriftLoopTests.UploadVersionAsync(registry, Model);
        }
        Assert.Equal(HttpStatusCode.OK, (await DriftLoopTests.PostSamplesAsync(fixture, Model, 300, amountShift: 1.0, channelMix: true, seed: 4)).StatusCode);

        // Three requests to the runner: the first admitted (202 with the job), the later ones answered within its cooldown.
        var viewer = fixture.Client();
        var triggers = await Eventually.ReturnsAsync(async () =>
        {
            var list = await viewer.GetFromJsonAsync<JsonElement>($"/api/drift/triggers?model={Model}");
            return list.GetArrayLength() >= 3 ? (object)list.Clone() : null;
        }, "three retrain requests to the training runner", timeoutSeconds: 90);
        var sent = ((JsonElement)triggers).EnumerateArray().OrderBy(t => t.GetProperty("requestedAt").GetDateTimeOffset()).ToList();
        Assert.All(sent, t => Assert.True(t.GetProperty("status").GetString() == "sent", t.GetRawText()));
        Assert.StartsWith("202:", sent[0].GetProperty("detail").GetString());
        Assert.All(sent.Skip(1), t => Assert.Contains("cooldown", t.GetProperty("detail").GetString()));

        using var runner = fixture.Runner();
        var jobs = await runner.GetFromJsonAsync<JsonElement>($"/api/jobs?model={Model}");
        var job = Assert.Single(jobs.GetProperty("items").EnumerateArray());
        Assert.Equal("drift", job.GetProperty("trigger").GetString());
        Assert.Contains(job.GetProperty("id").GetString()!, sent[0].GetProperty("detail").GetString());
    }
}
