extern alias observability;
using System.Text.Json;
using Xunit.Abstractions;
using observability::Reference.Observability.Drift;
using Reference.Learning.Data;
using Reference.Learning.Profiles;

namespace Reference.Observability.Tests.Drift;

public sealed class DriftDetectorTests(ITestOutputHelper output)
{
    [Theory]
    // Either sample at most 2,000 values: KS and chi-square, calibrated at any size, including a 300-row window against
    // a 5,000-row profile (where Evidently's reference-size rule picks Wasserstein and false-alarms in about 10% of
    // windows, as the next test shows). Both larger: Wasserstein and Jensen–Shannon with the fixed 0.1 thresholds, whose
    // sampling noise (about 1.3/√n standard deviations for Wasserstein) is small enough from a couple of thousand rows.
    [InlineData(800, 300, DriftDetector.DefaultLargeSampleRows)]
    [InlineData(5000, 300, DriftDetector.DefaultLargeSampleRows)]
    [InlineData(5000, 2500, DriftDetector.DefaultLargeSampleRows)]
    public void Samples_from_the_training_distribution_raise_a_false_alarm_in_under_5_percent_of_windows(int trainingRows, int liveRows, int largeSampleRows)
    {
        const int windows = 300;
        var alarms = 0;
        var featureAlarms = 0;
        for (ulong seed = 0; seed < windows; seed++)
        {
            var profile = TrainingData.Profile(trainingRows, 10_000 + seed);
            var report = DriftDetector.Evaluate("m", 1, profile, TrainingData.Rows(liveRows, 20_000 + seed), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, largeSampleRows);
            alarms += report.Drifted ? 1 : 0;
            featureAlarms += report.Features.Count(f => f.Drifted);
        }
        output.WriteLine($"{trainingRows}-row profile, {liveRows}-row windows: {alarms} of {windows} windows drifted, {featureAlarms} of {windows * 4} feature tests");
        Assert.True(alarms / (double)windows < 0.05, $"{alarms} of {windows} windows flagged the model as drifted");
        // Each feature test on its own stays near its nominal 5% level.
        Assert.True(featureAlarms / (double)(windows * 4) < 0.08, $"{featureAlarms} feature alarms in {windows * 4} tests");
    }

    // Evidently's own rule (distances whenever the reference is large: LargeSampleRows 1000 with a 5,000-row profile
    // and 300-row windows) false-alarms far above 5%; this is what the sample-size rule above avoids.
    [Fact]
    public void Distances_on_300_row_windows_false_alarm_well_above_5_percent()
    {
        const int windows = 200;
        var alarms = 0;
        for (ulong seed = 0; seed < windows; seed++)
        {
            var profile = TrainingData.Profile(5000, 30_000 + seed);
            var report = DriftDetector.Evaluate("m", 1, profile, TrainingData.Rows(300, 40_000 + seed), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, largeSampleRows: 0);
            Assert.Equal("wasserstein", report.Features.Single(f => f.Name == "amount").Test);
            alarms += report.Drifted ? 1 : 0;
        }
        output.WriteLine($"distances, 5000-row profile, 300-row windows: {alarms} of {windows} windows drifted");
        Assert.True(alarms / (double)windows > 0.08, $"only {alarms} of {windows} windows flagged with distances at 300 rows");
    }

    [Theory]
    [InlineData(800, 300, "ks")]
    [InlineData(5000, 300, "ks")]
    [InlineData(5000, 2500, "wasserstein")]
    public void A_shifted_feature_is_detected_and_the_model_drifts_when_half_the_features_do(int trainingRows, int liveRows, string expectedTest)
    {
        var profile = TrainingData.Profile(trainingRows, 7);

        var oneShifted = DriftDetector.Evaluate("m", 1, profile, TrainingData.Rows(liveRows, 8, amountShift: 1.0), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var amount = oneShifted.Features.Single(f => f.Name == "amount");
        Assert.True(amount.Drifted, $"amount: {amount.Test} = {amount.Score}");
        Assert.Equal(expectedTest, amount.Test);
        Assert.True(amount.Psi > 0.1, $"PSI {amount.Psi}");
        Assert.Equal(0.25, oneShifted.DriftShare, 3);
        Assert.False(oneShifted.Drifted);

        var twoShifted = DriftDetector.Evaluate("m", 1, profile, TrainingData.Rows(liveRows, 9, amountShift: 1.0, channelMix: true), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        Assert.True(twoShifted.Features.Single(f => f.Name == "channel").Drifted);
        Assert.True(twoShifted.Drifted);
        Assert.Equal(0.5, twoShifted.DriftShare, 3);
    }

    [Fact]
    public void The_plot_bins_hold_training_and_live_shares()
    {
        var profile = TrainingData.Profile(2000, 11);
        var report = DriftDetector.Evaluate("m", 1, profile, TrainingData.Rows(400, 12), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        foreach (var feature in report.Features)
        {
            Assert.Equal(feature.Bins.Count, feature.Reference.Count);
            Assert.Equal(feature.Bins.Count, feature.Live.Count);
            Assert.Equal(1, feature.Reference.Sum(), 6);
            Assert.Equal(1, feature.Live.Sum(), 6);
        }
    }
}

// Four features: two normal numbers, a skewed count and a categorical channel.
internal static class TrainingData
{
    private static readonly string[] Channels = ["web", "app", "pos"];

    public static DataProfile Profile(int rows, ulong seed)
    {
        var random = new SeededRandom(seed);
        var amount = new double[rows];
        var age = new double[rows];
        var count = new double[rows];
        var channel = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            amount[i] = 50 + (10 * random.NextGaussian());
            age[i] = 40 + (12 * random.NextGaussian());
            count[i] = Math.Exp(1 + (0.5 * random.NextGaussian()));
            channel[i] = Channel(random.NextDouble(), false);
        }
        return new DataProfile
        {
            RowCount = rows,
            Features =
            [
                DataProfiler.ProfileColumn("amount", amount),
                DataProfiler.ProfileColumn("age", age),
                DataProfiler.ProfileColumn("txn_count", count),
                DataProfiler.ProfileColumn("channel", channel, ColumnType.Categorical, new CategoryVocabulary(Channels)),
            ],
        };
    }

    public static IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> Rows(int rows, ulong seed, double amountShift = 0, bool channelMix = false)
    {
        var random = new SeededRandom(seed);
        var result = new List<IReadOnlyDictionary<string, JsonElement>>(rows);
        for (var i = 0; i < rows; i++)
        {
            result.Add(new Dictionary<string, JsonElement>
            {
                ["amount"] = JsonSerializer.SerializeToElement(50 + (10 * (random.NextGaussian() + amountShift))),
                ["age"] = JsonSerializer.SerializeToElement(40 + (12 * random.NextGaussian())),
                ["txn_count"] = JsonSerializer.SerializeToElement(Math.Exp(1 + (0.5 * random.NextGaussian()))),
                ["channel"] = JsonSerializer.SerializeToElement(Channels[(int)Channel(random.NextDouble(), channelMix)]),
            });
        }
        return result;
    }

    public static Dictionary<string, object> Row(SeededRandom random, double amountShift, bool channelMix) => new()
    {
        ["amount"] = 50 + (10 * (random.NextGaussian() + amountShift)),
        ["age"] = 40 + (12 * random.NextGaussian()),
        ["txn_count"] = Math.Exp(1 + (0.5 * random.NextGaussian())),
        ["channel"] = Channels[(int)Channel(random.NextDouble(), channelMix)],
    };

    // Training: 50% web, 30% app, 20% pos; the shifted mix: 20% web, 30% app, 50% pos.
    private static double Channel(double u, bool mix) => mix
        ? u < 0.2 ? 0 : u < 0.5 ? 1 : 2
        : u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
}
