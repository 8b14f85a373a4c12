extern alias serving;

using serving::Reference.Serving.Infrastructure;
using serving::Reference.Serving.Inference;
using serving::Reference.Serving.Models;
using serving::Reference.Serving.UseCases;

namespace Reference.Serving.Tests;

// What serves which request, without HTTP: the use case's serving section, and canary routing.
public sealed class RoutingTests
{
    // The specs the service's build copies beside its binaries (and so beside these tests').
    private static readonly string UseCases = Path.Combine(AppContext.BaseDirectory, "UseCases");

    [Fact]
    public void Without_configured_models_the_use_cases_serving_sections_decide()
    {
        var all = UseCaseServingSpecs.Resolve(new ServingOptions { UseCasesDirectory = UseCases });
        var fraud = Assert.Single(all, m => m.Model == "fraud-detector");
        Assert.Equal("champion", fraud.Alias);
        Assert.Equal("challenger", fraud.Canary!.Alias);
        Assert.Equal(10, fraud.Canary.Percent);
        Assert.False(fraud.Canary.IsShadow);

        Assert.Empty(UseCaseServingSpecs.Resolve(new ServingOptions { UseCasesDirectory = UseCases, UseCase = "no-such-use-case" }));
        var explicitModels = UseCaseServingSpecs.Resolve(new ServingOptions { UseCasesDirectory = UseCases, Models = [new ServedModelOptions { Model = "other" }] });
        Assert.Equal("other", Assert.Single(explicitModels).Model);
    }

    [Fact]
    public void A_split_canary_routes_its_percentage_of_keys_to_the_challenger_and_the_same_key_always_the_same_way()
    {
        var hashes = Enumerable.Range(0, 10_000).Select(i => RoutingKey.Hash($"card-{i:D6}")).ToArray();
        var share = hashes.Count(h => h % 10_000 < 10 * 100) / 10_000.0;
        // A 10 % canary over 10,000 keys: a hash that ignored the key or clumped would land far outside this band.
        Assert.InRange(share, 0.085, 0.115);
        Assert.Equal(RoutingKey.Hash("card-000042"), RoutingKey.Hash("card-000042"));
        Assert.Equal(RoutingKey.Hash("card-000042"u8), RoutingKey.Hash("card-000042"));
    }

    [Fact]
    public void Without_a_challenger_every_key_goes_to_the_champion_and_with_none_loaded_nothing_serves()
    {
        var served = new ServedModel(new ServedModelOptions { Model = "m", Canary = new CanaryOptions { Percent = 100 } });
        Assert.Null(served.Route(1, out var shadow));
        Assert.Null(shadow);
    }
}
