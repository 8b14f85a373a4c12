using Reference.Learning.Data;
using Reference.Learning.Profiles;

namespace Reference.Learning.Tests.Profiles;

public class ProfileTests
{
    private static double[] Normal(int count, double mean, ulong seed, double missingRate = 0)
    {
        var random = new SeededRandom(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.NextDouble() < missingRate ? double.NaN : mean + random.NextGaussian();
        }
        return values;
    }

    private static string?[] Categories(int count, double[] probabilities, ulong seed)
    {
        string[] names = ["web", "app", "pos"];
        var random = new SeededRandom(seed);
        var values = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var u = random.NextDouble();
            var k = 0;
            while (k < probabilities.Length - 1 && u >= probabilities[k])
            {
                u -= probabilities[k];
                k++;
            }
            values[i] = names[k];
        }
        return values;
    }

    private static DataProfile TrainingProfile()
    {
        var vocabulary = new CategoryVocabulary(["web", "app", "pos"]);
        var channel = Categories(20_000, [0.5, 0.3, 0.2], seed: 1).Select(c => (double)vocabulary.IndexOf(c!)).ToArray();
        var matrix = FeatureMatrix.FromColumns(
            [Normal(20_000, 0, seed: 2, missingRate: 0.05), channel],
            [FeatureInfo.Numeric("amount"), FeatureInfo.Categorical("channel", vocabulary)]);
        return DataProfiler.Profile(matrix);
    }

    [Fact]
    public void Profile_holds_moments_quantiles_histogram_null_rate_and_category_counts()
    {
        var profile = TrainingProfile();
        var amount = profile["amount"];
        Assert.Equal(20_000, amount.Count);
        Assert.InRange(amount.NullRate, 0.04, 0.06);
        Assert.InRange(amount.Mean!.Value, -0.05, 0.05);
        Assert.InRange(amount.Std!.Value, 0.95, 1.05);
        Assert.Equal(101, amount.Quantiles!.Length);
        Assert.InRange(amount.Quantiles[50], -0.05, 0.05);
        Assert.Equal(amount.Min, amount.Quantiles[0]);
        Assert.Equal(9, amount.HistogramEdges!.Length);
        Assert.All(amount.HistogramCounts!, count => Assert.InRange(count, 1800, 2000)); // deciles: ~10% of present rows each
        var channel = profile["channel"];
        Assert.Equal(["web", "app", "pos"], channel.Categories!.Select(c => c.Value));
        Assert.Equal(20_000, channel.Categories!.Sum(c => c.Count));
    }

    [Fact]
    public void Profile_round_trips_through_json_and_rejects_an_unknown_version()
    {
        var profile = TrainingProfile();
        var json = profile.ToJson();
        Assert.Contains("\"histogramEdges\"", json);
        var back = DataProfile.FromJson(json);
        Assert.Equal(profile["amount"].Quantiles, back["amount"].Quantiles);
        Assert.Equal(profile["amount"].HistogramCounts, back["amount"].HistogramCounts);
        Assert.Equal(profile["channel"].Categories, back["channel"].Categories);
        Assert.Equal(json, back.ToJson());

        var future = json.Replace("\"formatVersion\":1", "\"formatVersion\":2");
        var error = Assert.Throws<FormatException>(() => DataProfile.FromJson(future));
        Assert.Contains("version 2", error.Message);
    }

    [Fact]
    public void Numeric_drift_statistics_are_near_zero_for_the_same_distribution_and_large_for_a_shift()
    {
        var amount = TrainingProfile()["amount"];
        var same = Normal(5_000, 0, seed: 3, missingRate: 0.05);
        var shifted = Normal(5_000, 1, seed: 4, missingRate: 0.05);
        var moreMissing = Normal(5_000, 0, seed: 5, missingRate: 0.4);

        Assert.InRange(PopulationStabilityIndex.Compute(amount, same), 0, 0.02);
        Assert.InRange(KolmogorovSmirnovStatistic.Compute(amount, same), 0, 0.04);
        Assert.InRange(JensenShannonDistance.Compute(amount, same), 0, 0.05);

        Assert.True(PopulationStabilityIndex.Compute(amount, shifted) > 0.5);
        Assert.InRange(KolmogorovSmirnovStatistic.Compute(amount, shifted), 0.3, 0.45); // true D for a 1σ shift is 0.383
        Assert.True(JensenShannonDistance.Compute(amount, shifted) > 0.25);

        Assert.True(PopulationStabilityIndex.Compute(amount, moreMissing) > 0.25); // a null-rate change is drift too
    }

    [Fact]
    public void Categorical_drift_statistics_are_near_zero_for_the_same_mix_and_large_for_a_new_mix()
    {
        var channel = TrainingProfile()["channel"];
        var same = Categories(5_000, [0.5, 0.3, 0.2], seed: 6);
        var shifted = Categories(5_000, [0.1, 0.2, 0.7], seed: 7);

        Assert.InRange(JensenShannonDistance.Compute(channel, same), 0, 0.03);
        Assert.InRange(PopulationStabilityIndex.Compute(channel, same), 0, 0.02);
        Assert.True(JensenShannonDistance.Compute(channel, shifted) > 0.3);
        Assert.True(PopulationStabilityIndex.Compute(channel, shifted) > 0.5);

        // Categories never seen in training count as drift.
        Assert.True(JensenShannonDistance.Compute(channel, Enumerable.Repeat("kiosk", 100)) > 0.9);
    }

    [Fact]
    public void Comparing_a_categorical_profile_with_numbers_is_an_error()
    {
        var channel = TrainingProfile()["channel"];
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnovStatistic.Compute(channel, [1.0, 2.0]));
    }
}
