using System.Net;
using Reference.Serving.Tests.Support;

namespace Reference.Serving.Tests;

[Collection(ServingCollection.Name)]
public sealed class CanaryTests(ServingFixture fixture)
{
    [Fact]
    public async Task A_split_canary_sends_a_stable_share_of_entity_keys_to_the_challenger_on_every_replica()
    {
        var model = ServingFixture.CanaryModel;
        var champion = await fixture.Champions.PromoteAsync(model, fixture.Champions.Train("logistic"));
        var challenger = await fixture.Champions.PromoteAsync(model, fixture.Champions.Train("gbdt", new() { ["trees"] = 10, ["maxDepth"] = 2 }), alias: "challenger");
        await fixture.WaitOnBothReplicasAsync(model, champion);
        await fixture.WaitOnBothReplicasAsync(model, challenger, loaded: true);
        var rows = fixture.Features.Online.Values.Take(1).Select(FraudFeatures.Row).ToList();

        var chosen = new Dictionary<string, string>();
        for (var key = 0; key < 40; key++)
        {
            for (var replica = 0; replica < 2; replica++)
            {
                using var serving = fixture.Serving(replica);
                var response = await (await serving.InferAsync(model, ServingCalls.NamedTensors(rows, entityKey: $"card-{key}"))).ReadJsonAsync(HttpStatusCode.OK);
                var version = response["model_version"]!.GetValue<string>();
                Assert.Equal(chosen.GetValueOrDefault($"card-{key}", version), version);
                chosen[$"card-{key}"] = version;
            }
        }
        var toChallenger = chosen.Values.Count(v => v == challenger.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // 50 %: with 40 keys, anything from 8 to 32 (far outside that would mean routing ignores the percentage).
        Assert.InRange(toChallenger, 8, 32);
    }

    [Fact]
    public async Task A_shadow_challenger_scores_every_request_but_the_champion_answers()
    {
        var model = ServingFixture.ShadowModel;
        var champion = await fixture.Champions.PromoteAsync(model, fixture.Champions.Train("logistic"));
        var challenger = await fixture.Champions.PromoteAsync(model, fixture.Champions.Train("gbdt", new() { ["trees"] = 10, ["maxDepth"] = 2 }), alias: "challenger");
        await fixture.WaitOnBothReplicasAsync(model, champion);
        await fixture.WaitOnBothReplicasAsync(model, challenger, loaded: true);
        var rows = fixture.Features.Online.Values.Take(3).Select(FraudFeatures.Row).ToList();

        using var serving = fixture.Serving();
        for (var i = 0; i < 5; i++)
        {
            var response = await (await serving.InferAsync(model, ServingCalls.NamedTensors(rows, entityKey: $"card-{i}"))).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(champion.ToString(System.Globalization.CultureInfo.InvariantCulture), response["model_version"]!.GetValue<string>());
        }
        // The challenger's scores of the same rows reach observability as its own samples.
        await PredictionSamples.WaitForAsync(fixture, model, challenger, atLeast: 15);
    }
}
