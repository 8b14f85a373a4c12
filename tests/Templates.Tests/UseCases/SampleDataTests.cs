using Reference.Learning.Data;
using Reference.Learning.Metrics;
using Reference.Learning.Trainers;
using Reference.UseCases.Churn;
using Reference.UseCases.Demand;
using Reference.UseCases.Fraud;
using Reference.UseCases.SampleData;

namespace Reference.Templates.Tests.UseCases;

// Each sample use case's generator against its own usecase.yaml: the rows carry the declared columns, the same seed
// gives the same rows, and a model trained as the spec says passes the spec's own gate on later rows, far from what
// a constant prediction scores.
public sealed class SampleDataTests
{
    private const int Rows = 20_000;

    private static readonly ISampleDataGenerator[] Generators =
        [new FraudSampleDataGenerator(), new ChurnSampleDataGenerator(), new DemandSampleDataGenerator()];

    public static TheoryData<string> UseCases => new() { "Fraud", "Churn", "Demand" };

    [Theory]
    [MemberData(nameof(UseCases))]
    public void Rows_carry_every_column_the_spec_declares(string folder)
    {
        var spec = UseCaseFile.Load(folder);
        var data = GeneratorFor(spec).Generate(500, seed: 7);

        Assert.Equal(spec.EntitySet, data.EntitySet);
        Assert.Equal(spec.ViewColumns.Keys.Order(), data.ViewRows.Keys.Order());
        foreach (var (view, columns) in spec.ViewColumns)
        {
            var rows = data.ViewRows[view].ToList();
            Assert.Equal(500, rows.Count);
            var expected = spec.JoinKeys.Append("event_timestamp").Concat(columns).Order();
            Assert.All(rows, row => Assert.Equal(expected, row.Keys.Order()));
            var times = rows.Select(r => (DateTimeOffset)r["event_timestamp"]!).ToList();
            Assert.Equal(times.Order(), times);
        }

        Assert.All(data.EntityRows, row => Assert.Equal(spec.JoinKeys.Append("event_timestamp").Order(), row.Keys.Order()));
    }

    [Theory]
    [MemberData(nameof(UseCases))]
    public void The_same_seed_gives_the_same_rows_and_another_seed_others(string folder)
    {
        var spec = UseCaseFile.Load(folder);
        var generator = GeneratorFor(spec);

        var first = Flatten(generator.Generate(300, seed: 11), spec.LabelView);
        var again = Flatten(generator.Generate(300, seed: 11), spec.LabelView);
        var other = Flatten(generator.Generate(300, seed: 12), spec.LabelView);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [MemberData(nameof(UseCases))]
    public void A_model_trained_as_the_spec_says_passes_its_gate_on_later_rows(string folder)
    {
        var spec = UseCaseFile.Load(folder);
        var data = GeneratorFor(spec).Generate(Rows, seed: 42);
        var featureView = spec.ViewColumns.Keys.Single(v => v != spec.LabelView);
        var (features, labels) = Matrix(data.ViewRows[featureView].ToList(), spec.ViewColumns[featureView], data.ViewRows[spec.LabelView].Select(r => r[spec.LabelColumn]).ToList());

        // Rows are in time order: train on the first 80 %, score the rest, as validation: {split: time} does.
        var cut = Rows * 8 / 10;
        var train = new TrainingSet(features.SelectRows(Enumerable.Range(0, cut).ToArray()), labels.AsMemory(0, cut));
        var holdout = features.SelectRows(Enumerable.Range(cut, Rows - cut).ToArray());
        var actual = labels.AsSpan(cut);
        Assert.True(TrainerCatalog.TryCreate(spec.Algorithm, spec.Hyperparameters, out var trainer, out var errors), string.Join("; ", errors.Select(e => e.Message)));
        var model = trainer.Train(train).Model;
        var predictions = new double[holdout.RowCount];
        model.ScoreBatch(holdout, predictions);

        if (spec.Gates.Children.ContainsKey("min"))
        {
            var auc = RocAuc.Compute(actual, predictions);
            Assert.True(auc >= spec.Gate("min") && auc >= 0.75, $"{spec.Name}: holdout AUC {auc:0.000}, gate min {spec.Gate("min")}; a constant model scores 0.5.");
        }
        else
        {
            var rmse = RegressionMetrics.RootMeanSquaredError(actual, predictions);
            var r2 = RegressionMetrics.RSquared(actual, predictions);
            var mean = new double[actual.Length];
            Array.Fill(mean, labels.AsSpan(0, cut).ToArray().Average());
            var baseline = RegressionMetrics.RootMeanSquaredError(actual, mean);
            Assert.True(rmse <= spec.Gate("max") && r2 >= 0.6, $"{spec.Name}: holdout RMSE {rmse:0.000} (R² {r2:0.000}), gate max {spec.Gate("max")}; predicting the mean gives RMSE {baseline:0.000}.");
        }
    }

    private static ISampleDataGenerator GeneratorFor(UseCaseFile spec) => Generators.Single(g => g.Name == spec.Generator);

    private static List<string> Flatten(SampleDataSet data, string view) =>
        data.ViewRows[view].Select(r => string.Join("|", r.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))).ToList();

    // Numbers as they are, booleans as 0/1 and strings as a code per distinct value (trees split on codes just as well).
    private static (FeatureMatrix Features, double[] Labels) Matrix(List<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<string> columns, List<object?> labels)
    {
        var codes = new Dictionary<string, double>(StringComparer.Ordinal);
        var data = columns.Select(column => (ReadOnlyMemory<double>)rows.Select(r => Number(r[column], codes)).ToArray()).ToList();
        return (FeatureMatrix.FromColumns(data, columns.Select(FeatureInfo.Numeric).ToList()), labels.Select(l => Number(l, codes)).ToArray());
    }

    private static double Number(object? value, Dictionary<string, double> codes) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        int i => i,
        double d => d,
        string s => codes.TryGetValue(s, out var code) ? code : codes[s] = codes.Count,
        _ => throw new InvalidOperationException($"Unexpected value {value} ({value?.GetType().Name})."),
    };
}
