using System.Text.Json.Nodes;
using Reference.TrainingRunner.Tests.Support;

namespace Reference.TrainingRunner.Tests;

[Collection(TrainingCollection.Name)]
public class BurstTests(TrainingFixture fixture)
{
    [Fact]
    public async Task Jobs_burst_to_the_cloud_pool_only_when_on_prem_is_saturated_and_the_data_allows_it()
    {
        using var runner = fixture.Runner();
        var quick = new { trees = 20, maxDepth = 3, learningRate = 0.3 };

        // On-prem has a free slot: the job runs there, no burst.
        var blocker = (await Jobs.SubmitAsync(runner, Jobs.Request(TrainingFixture.UniqueModel("block"), hyperparameters: Jobs.LongTraining)))["id"]!.GetValue<string>();
        var running = await Jobs.WaitAsync(runner, blocker, j => j.Stage() == "Training");
        Assert.Equal("onprem", running["pool"]!.GetValue<string>());
        Assert.False(running["placement"]!["burst"]!.GetValue<bool>());

        // On-prem is now saturated (1 of 1 slots). Restricted data may not leave it; confidential EU data may burst.
        var restricted = (await Jobs.SubmitAsync(runner, Jobs.Request(TrainingFixture.UniqueModel("restricted"), FraudData.RestrictedFeatureService, quick)))["id"]!.GetValue<string>();
        var eligible = (await Jobs.SubmitAsync(runner, Jobs.Request(TrainingFixture.UniqueModel("burst"), hyperparameters: quick)))["id"]!.GetValue<string>();

        var burst = await Jobs.WaitAsync(runner, eligible, j => j["placement"] is not null);
        Assert.Equal("cloud-burst", burst["placement"]!["pool"]!.GetValue<string>());
        Assert.True(burst["placement"]!["burst"]!.GetValue<bool>());
        Assert.Contains("onprem had 1 of 1 slots busy", burst["placement"]!["reason"]!.GetValue<string>());

        // The restricted job was queued first, so its burst wait passed too, yet it is still waiting for on-prem.
        var held = await Jobs.GetAsync(runner, restricted);
        Assert.Equal("Queued", held.State());
        Assert.Null(held["placement"]);

        (await runner.PostAsync($"/api/jobs/{blocker}/cancel", null)).EnsureSuccessStatusCode();
        var onPrem = await Jobs.WaitAsync(runner, restricted, j => j.IsFinal());
        Assert.True(onPrem.State() == "Succeeded", onPrem.ToJsonString());
        Assert.Equal("onprem", onPrem["pool"]!.GetValue<string>());
        Assert.False(onPrem["placement"]!["burst"]!.GetValue<bool>());
        Assert.Equal("restricted", onPrem["classification"]!.GetValue<string>());

        var cloud = await Jobs.WaitAsync(runner, eligible, j => j.IsFinal());
        Assert.Equal("Succeeded", cloud.State());

        var pools = JsonNode.Parse(await runner.GetStringAsync("/api/pools"))!.AsArray();
        Assert.Equal(["cloud-burst", "onprem"], pools.Select(p => p!["name"]!.GetValue<string>()).Order());
    }
}
