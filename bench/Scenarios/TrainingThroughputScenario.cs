using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Reference.Learning.Data;
using Reference.Learning.Metrics;
using Reference.Learning.Trainers;

namespace Reference.Bench.Scenarios;

/// <summary>
/// The training runner's trainers on 1,000,000 training rows × 20 features (and 250,000 validation rows): logistic regression
/// (defaults) and GBDT (100 trees, depth 6). Each is reported as seconds in total and seconds per full pass over the
/// data (a solver iteration, a tree), against the memory-bandwidth floor measured in the same run: summing the same
/// column-major matrix once (SIMD, all cores). Validation AUC is kept next to the time.
/// </summary>
public sealed class TrainingThroughputScenario : IBenchScenario
{
    private const int Features = 20;

    public string Name => "training-throughput";

    public string Description => "Logistic regression and GBDT (100 trees, depth 6) on 1M x 20: seconds per pass vs summing the matrix once";

    public Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rows = context.Quick ? 100_000 : 1_000_000;
        context.Progress($"generating {rows:N0} x {Features} rows");
        var (train, validation, columns) = Generate(rows + (rows / 4), rows, seed: 7);

        // The floor: one pass over every cell of the training matrix, as fast as memory allows.
        Sum(columns);
        var floor = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            var total = Sum(columns);
            floor.Add(watch.Elapsed.TotalSeconds);
            GC.KeepAlive(total);
        }
        var pass = Statistics.Median(floor);
        context.Progress($"sum of the matrix: {pass * 1000:0.0} ms ({train.RowCount * (double)Features * 8 / pass / 1e9:0.0} GB/s)");

        var results = new List<BenchResult>();
        foreach (var (label, algorithm, hyperparameters) in new (string, string, Dictionary<string, object?>)[]
        {
            ("logistic regression", "logistic", new()),
            ("GBDT 100 trees depth 6", "gbdt", new() { ["trees"] = 100, ["maxDepth"] = 6, ["learningRate"] = 0.1, ["earlyStoppingRounds"] = 0 }),
        })
        {
            if (!TrainerCatalog.TryCreate(algorithm, hyperparameters, out var trainer, out var errors))
            {
                throw new InvalidOperationException(string.Join(" ", errors.Select(e => e.Message)));
            }
            context.Progress($"training {label}");
            var watch = Stopwatch.StartNew();
            var result = trainer.Train(train, validation, cancellationToken: cancellationToken);
            var seconds = watch.Elapsed.TotalSeconds;
            var passes = Math.Max(1, result.Summary.Iterations);
            var scores = new double[validation.RowCount];
            result.Model.ScoreBatch(validation.Features, scores);
            var auc = BinaryClassificationMetrics.Compute(validation.Labels.Span, scores).Auc;
            context.Progress($"{label}: {seconds:0.00} s, {passes} passes, AUC {auc:0.0000}");
            results.Add(new BenchResult($"{algorithm} seconds per pass", "s", seconds / passes, pass, $"{label}, one iteration", "sum of the matrix once")
            {
                Details = new Dictionary<string, double>
                {
                    ["totalSeconds"] = seconds,
                    ["passes"] = passes,
                    ["validationAuc"] = auc,
                    ["trainRows"] = train.RowCount,
                    ["features"] = Features,
                    ["sumSeconds"] = pass,
                },
            });
            results.Add(new BenchResult($"{algorithm} total seconds", "s", seconds, pass, label, "sum of the matrix once")
            {
                Details = new Dictionary<string, double> { ["validationAuc"] = auc },
            });
        }
        return Task.FromResult<IReadOnlyList<BenchResult>>(results);
    }

    // Labels from a known logistic model with interactions and a threshold effect, so trees have something to find.
    private static (TrainingSet Train, TrainingSet Validation, double[][] TrainColumns) Generate(int rows, int trainRows, int seed)
    {
        var random = new Random(seed);
        var columns = Enumerable.Range(0, Features).Select(_ => new double[rows]).ToArray();
        var labels = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < Features; j++)
            {
                columns[j][i] = (random.NextDouble() * 2) - 1;
            }
            var logit = (1.5 * columns[0][i]) - columns[1][i] + (0.8 * columns[2][i] * columns[3][i]) + (columns[4][i] > 0.5 ? 1.2 : -0.3) + (0.3 * columns[5][i]);
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        }
        var features = Enumerable.Range(0, Features).Select(j => FeatureInfo.Numeric($"x{j}")).ToArray();
        var trainColumns = columns.Select(c => c[..trainRows]).ToArray();
        var validationColumns = columns.Select(c => c[trainRows..]).ToArray();
        var train = new TrainingSet(FeatureMatrix.FromColumns([.. trainColumns.Select(c => (ReadOnlyMemory<double>)c)], features, trainRows), labels[..trainRows]);
        var validation = new TrainingSet(FeatureMatrix.FromColumns([.. validationColumns.Select(c => (ReadOnlyMemory<double>)c)], features, rows - trainRows), labels[trainRows..]);
        return (train, validation, trainColumns);
    }

    private static double Sum(double[][] columns)
    {
        var partial = new double[columns.Length];
        Parallel.For(0, columns.Length, j =>
        {
            var span = MemoryMarshal.Cast<double, Vector<double>>(columns[j].AsSpan());
            var acc = Vector<double>.Zero;
            foreach (var v in span)
            {
                acc += v;
            }
            var total = Vector.Sum(acc);
            for (var i = span.Length * Vector<double>.Count; i < columns[j].Length; i++)
            {
                total += columns[j][i];
            }
            partial[j] = total;
        });
        return partial.Sum();
    }
}
