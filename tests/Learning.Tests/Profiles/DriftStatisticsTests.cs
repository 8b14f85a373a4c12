using Reference.Learning.Data;
using Reference.Learning.Profiles;

namespace Reference.Learning.Tests.Profiles;

public class DriftStatisticsTests
{
    private static double[] Normal(int count, double mean, double std, ulong seed)
    {
        var random = new SeededRandom(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = mean + (std * random.NextGaussian());
        }
        return values;
    }

    private static FeatureProfile Profile(double[] values) => DataProfiler.ProfileColumn("x", values);

    [Theory]
    // Known values of the chi-square upper tail (tables): χ²(1) at 3.841 → 0.05, χ²(5) at 11.07 → 0.05, χ²(10) at 2.558 → 0.99.
    [InlineData(3.841459, 1, 0.05)]
    [InlineData(11.0705, 5, 0.05)]
    [InlineData(2.558212, 10, 0.99)]
    [InlineData(6.634897, 1, 0.01)]
    public void Chi_square_tail_matches_the_tables(double x, int degrees, double expected) =>
        Assert.Equal(expected, ChiSquareDistribution.Survival(x, degrees), 4);

    [Theory]
    // The Kolmogorov distribution: Q(1.358) ≈ 0.05, Q(1.628) ≈ 0.01, Q(0.5) ≈ 0.964.
    [InlineData(1.3581, 0.05)]
    [InlineData(1.6276, 0.01)]
    [InlineData(0.5, 0.9639)]
    public void Kolmogorov_tail_matches_the_tables(double lambda, double expected) =>
        Assert.Equal(expected, KolmogorovSmirnovTest.KolmogorovSurvival(lambda), 3);

    [Fact]
    public void KS_test_accepts_the_same_distribution_and_rejects_a_shift()
    {
        var profile = Profile(Normal(800, 0, 1, 1));
        var same = KolmogorovSmirnovTest.Compute(profile, Normal(300, 0, 1, 2));
        var shifted = KolmogorovSmirnovTest.Compute(profile, Normal(300, 0.5, 1, 3));
        Assert.True(same.PValue > 0.05, $"p = {same.PValue} for the same distribution");
        Assert.True(shifted.PValue < 1e-3, $"p = {shifted.PValue} for a half-sigma shift");
    }

    [Fact]
    public void KS_test_false_alarm_rate_at_5_percent_is_about_5_percent()
    {
        var alarms = 0;
        const int trials = 400;
        for (ulong seed = 0; seed < trials; seed++)
        {
            var profile = Profile(Normal(1000, 10, 2, 1000 + seed));
            if (KolmogorovSmirnovTest.Compute(profile, Normal(300, 10, 2, 5000 + seed)).PValue < 0.05)
            {
                alarms++;
            }
        }
        // The nominal level is 5%; the profile's quantile CDF makes the test slightly conservative or liberal, not more.
        Assert.InRange(alarms / (double)trials, 0.0, 0.09);
    }

    [Fact]
    public void Normalized_Wasserstein_is_the_shift_in_standard_deviations()
    {
        var profile = Profile(Normal(5000, 100, 10, 4));
        var same = WassersteinDistance.Normalized(profile, Normal(2000, 100, 10, 5));
        var shifted = WassersteinDistance.Normalized(profile, Normal(2000, 103, 10, 6));
        Assert.True(same < 0.1, $"{same} for the same distribution");
        Assert.InRange(shifted, 0.2, 0.4);
    }

    [Fact]
    public void Chi_square_test_detects_a_changed_mix_and_an_unseen_category()
    {
        var vocabulary = new CategoryVocabulary(["web", "app", "pos"]);
        var codes = Enumerable.Range(0, 900).Select(i => (double)(i % 3)).ToArray();
        var profile = DataProfiler.ProfileColumn("channel", codes, ColumnType.Categorical, vocabulary);

        var same = ChiSquareTest.Compute(profile, Enumerable.Range(0, 300).Select(i => (string?)vocabulary.Categories[i % 3]));
        var mix = ChiSquareTest.Compute(profile, Enumerable.Range(0, 300).Select(i => (string?)(i % 10 < 6 ? "web" : i % 2 == 0 ? "app" : "pos")));
        var unseen = ChiSquareTest.Compute(profile, Enumerable.Range(0, 300).Select(i => (string?)(i == 0 ? "kiosk" : vocabulary.Categories[i % 3])));

        Assert.True(same.PValue > 0.5, $"p = {same.PValue}");
        Assert.True(mix.PValue < 0.001, $"p = {mix.PValue}");
        Assert.Equal(0, unseen.PValue);
    }
}
