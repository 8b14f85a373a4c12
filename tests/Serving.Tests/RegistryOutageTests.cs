using System.Net;
using System.Net.Http.Json;
using Reference.Serving.Tests.Support;

namespace Reference.Serving.Tests;

[Collection(ServingCollection.Name)]
public sealed class RegistryOutageTests(ServingFixture fixture)
{
    private static readonly string Model = ServingFixture.OutageModel;

    [Fact]
    public async Task With_the_registry_cut_off_serving_keeps_answering_with_the_last_good_model_and_catches_up_after()
    {
        var v1 = await fixture.Champions.PromoteAsync(Model, fixture.Champions.Train("logistic"));
        await fixture.WaitOnBothReplicasAsync(Model, v1);
        var rows = fixture.Features.Online.Values.Take(2).Select(FraudFeatures.Row).ToList();
        var card = fixture.Features.Online.Keys.First();

        fixture.Forwarder.Cut();
        try
        {
            // A promotion serving cannot hear of while it is cut off.
            var v2 = await fixture.Champions.PromoteAsync(Model, fixture.Champions.Train("gbdt", new() { ["trees"] = 10, ["maxDepth"] = 2 }));
            for (var attempt = 0; attempt < 20; attempt++)
            {
                for (var replica = 0; replica < 2; replica++)
                {
                    using var serving = fixture.Serving(replica);
                    var inferred = await (await serving.InferAsync(Model, ServingCalls.NamedTensors(rows))).ReadJsonAsync(HttpStatusCode.OK);
                    Assert.Equal(v1.ToString(System.Globalization.CultureInfo.InvariantCulture), inferred["model_version"]!.GetValue<string>());
                    var predicted = await (await serving.PostAsJsonAsync($"/api/predict/{Model}", new { entities = new { card_id = new[] { card } } })).ReadJsonAsync(HttpStatusCode.OK);
                    Assert.Equal(v1, predicted["modelVersion"]!.GetValue<int>());
                    using var health = await serving.GetAsync("/health");
                    Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                }
                await Task.Delay(100);
            }

            fixture.Forwarder.Restore();
            await fixture.WaitOnBothReplicasAsync(Model, v2);
        }
        finally
        {
            fixture.Forwarder.Restore();
        }
    }
}
