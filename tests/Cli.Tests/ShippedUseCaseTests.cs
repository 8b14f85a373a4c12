using Reference.Cli.Ingest;
using Reference.Cli.Specs;

namespace Reference.Cli.Tests;

/// <summary>Every use case shipped with the CLI is one `platform up` can run: a valid spec and a generator (found by discovery) for exactly its views.</summary>
public class ShippedUseCaseTests
{
    [Theory]
    [InlineData("fraud")]
    [InlineData("churn")]
    [InlineData("demand")]
    public void The_spec_is_valid_and_its_generator_writes_its_views_and_entity_set(string useCase)
    {
        var spec = SpecReader.Load(useCase);

        var sample = SampleDataGenerators.Find(spec.SampleData!.Generator).Generate(50, spec.SampleData.Seed ?? 42);

        Assert.Subset(spec.FeatureViews.Select(v => v.Name!).ToHashSet(), sample.ViewRows.Keys.ToHashSet());
        Assert.Equal(spec.Training!.EntitySet, sample.EntitySet);
        var joinKeys = spec.Entities.SelectMany(e => e.JoinKeys).ToHashSet();
        Assert.All(sample.EntityRows, row => Assert.Contains(row.Keys, joinKeys.Contains));
    }

    [Fact]
    public void An_unknown_generator_lists_the_known_ones()
    {
        var error = Assert.Throws<CliException>(() => SampleDataGenerators.Find("returns"));

        Assert.Equal("sampleData.generator is 'returns', which this CLI does not know; use one of: churn, demand, fraud.", error.Message);
    }
}
