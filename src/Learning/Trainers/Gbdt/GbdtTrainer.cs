using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Trainers.Hyperparameters;

namespace Reference.Learning.Trainers.Gbdt;

/// <summary>
/// Gradient-boosted decision trees on quantile-binned features (second-order boosting as in
/// XGBoost/LightGBM): log loss for 0/1 labels, squared error otherwise. Each tree fits the
/// current gradients with shrinkage, optional row and feature subsampling (seeded per tree), and
/// a learned default direction for missing values at every split. With a validation set, the
/// validation metric is tracked per tree and early stopping keeps the best prefix of trees.
/// </summary>
public sealed class GbdtTrainer : ITrainer
{
    private const int RowsPerTask = 16_384;

    public GbdtTrainer(GbdtOptions? options = null, ComputeBudget? compute = null)
    {
        Options = options ?? new GbdtOptions();
        HyperparameterValidationException.ThrowIfAny(Options.Validate());
        Compute = compute ?? ComputeBudget.AllCores;
    }

    public string Algorithm => "gbdt";

    public GbdtOptions Options { get; }

    public ComputeBudget Compute { get; }

    public TrainingResult Train(
        TrainingSet train,
        TrainingSet? validation = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        TrainingSet.RequireTrainable(train, validation);
        var task = Options.Objective switch
        {
            GbdtObjective.Binary => ModelTask.BinaryClassification,
            GbdtObjective.Regression => ModelTask.Regression,
            _ => train.HasBinaryLabels() ? ModelTask.BinaryClassification : ModelTask.Regression,
        };
        var binary = task == ModelTask.BinaryClassification;
        if (binary)
        {
            train.RequireBinaryLabels("Binary gbdt");
            validation?.RequireBinaryLabels("Binary gbdt (validation)");
        }
        var parallel = Compute.ToParallelOptions();
        var seed = (ulong)Options.Seed;
        var rowCount = train.RowCount;
        var featureCount = train.Features.ColumnCount;
        var labels = train.Labels;

        progress?.Report(new TrainingProgress(TrainingStage.Preparing, 0, Options.Trees, null, null));
        var featureBins = FeatureBins.Fit(train.Features, Options.MaxBins, seed, parallel);
        cancellationToken.ThrowIfCancellationRequested();
        var bins = featureBins.Transform(train.Features, parallel);
        cancellationToken.ThrowIfCancellationRequested();
        var grower = new TreeGrower(bins, featureBins, rowCount, Options, parallel);

        var baseScore = BaseScore(labels.Span, binary);
        var scores = new double[rowCount];
        Array.Fill(scores, baseScore);
        var gradients = new double[2 * rowCount];
        var sample = new int[rowCount];
        var validationScores = validation is null ? null : new double[validation.RowCount];
        if (validationScores is not null)
        {
            Array.Fill(validationScores, baseScore);
        }
        using var validationColumns = validation is null ? null : new PinnedColumns(validation.Features);
        var metricName = binary ? "logloss" : "rmse";

        var trees = new List<GrownTree>();
        var history = new List<double>();
        var bestIteration = -1;
        var bestMetric = double.PositiveInfinity;
        var stoppedEarly = false;
        for (var t = 0; t < Options.Trees; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ComputeGradients(scores, labels, gradients, binary, parallel);
            var random = SeededRandom.ForStream(seed, (ulong)t);
            var sampleCount = SampleRows(random, rowCount, sample);
            var features = SampleFeatures(random, featureCount);
            var tree = grower.Grow(sample, sampleCount, features, gradients);
            trees.Add(tree);
            UpdateTrainingScores(tree, grower, bins, scores, sampleCount == rowCount, parallel);

            double? metric = null;
            if (validation is not null)
            {
                UpdateValidationScores(tree, validationColumns!, validationScores!, parallel);
                metric = Metric(validation.Labels.Span, validationScores!, binary);
                history.Add(metric.Value);
                if (metric.Value < bestMetric)
                {
                    (bestMetric, bestIteration) = (metric.Value, t);
                }
            }
            progress?.Report(new TrainingProgress(TrainingStage.Iterating, t + 1, Options.Trees, metric is null ? null : metricName, metric));
            if (validation is not null && Options.EarlyStoppingRounds > 0 && t - bestIteration >= Options.EarlyStoppingRounds)
            {
                stoppedEarly = true;
                break;
            }
        }

        var iterations = trees.Count;
        var keep = validation is not null && Options.EarlyStoppingRounds > 0 ? bestIteration + 1 : trees.Count;
        var summary = new TrainingSummary(
            iterations,
            validation is null ? null : bestIteration + 1,
            stoppedEarly,
            validation is null ? null : metricName,
            validation is null ? null : history[keep - 1]);
        var model = Assemble(task, train.Features, baseScore, trees.GetRange(0, keep), summary);
        progress?.Report(new TrainingProgress(TrainingStage.Finished, iterations, Options.Trees, summary.ValidationMetricName, summary.ValidationMetric));
        return new TrainingResult(model, history);
    }

    private static double BaseScore(ReadOnlySpan<double> labels, bool binary)
    {
        double sum = 0;
        foreach (var label in labels)
        {
            sum += label;
        }
        var mean = sum / labels.Length;
        if (!binary)
        {
            return mean;
        }
        var rate = Math.Clamp(mean, 1e-6, 1 - 1e-6);
        return Math.Log(rate / (1 - rate));
    }

    /// <summary>Log loss: g = p − y, h = p(1 − p); squared error: g = score − y, h = 1.</summary>
    private static void ComputeGradients(double[] scores, ReadOnlyMemory<double> labels, double[] gradients, bool binary, ParallelOptions parallel)
    {
        ForRowRanges(scores.Length, parallel, (start, end) =>
        {
            var y = labels.Span;
            for (var i = start; i < end; i++)
            {
                if (binary)
                {
                    var p = 1 / (1 + Math.Exp(-scores[i]));
                    gradients[2 * i] = p - y[i];
                    gradients[(2 * i) + 1] = Math.Max(p * (1 - p), 1e-16);
                }
                else
                {
                    gradients[2 * i] = scores[i] - y[i];
                    gradients[(2 * i) + 1] = 1;
                }
            }
        });
    }

    private int SampleRows(SeededRandom random, int rowCount, int[] sample)
    {
        var count = 0;
        if (Options.RowSubsample < 1)
        {
            for (var row = 0; row < rowCount; row++)
            {
                if (random.NextDouble() < Options.RowSubsample)
                {
                    sample[count++] = row;
                }
            }
        }
        if (count == 0)
        {
            for (var row = 0; row < rowCount; row++)
            {
                sample[row] = row;
            }
            count = rowCount;
        }
        return count;
    }

    private int[] SampleFeatures(SeededRandom random, int featureCount)
    {
        var all = Enumerable.Range(0, featureCount).ToArray();
        if (Options.FeatureSubsample >= 1)
        {
            return all;
        }
        var take = Math.Max(1, (int)Math.Round(Options.FeatureSubsample * featureCount));
        random.Shuffle(all.AsSpan());
        var chosen = all[..take];
        Array.Sort(chosen);
        return chosen;
    }

    private static void UpdateTrainingScores(GrownTree tree, TreeGrower grower, byte[][] bins, double[] scores, bool everyRowSampled, ParallelOptions parallel)
    {
        if (everyRowSampled)
        {
            // Every row sits in exactly one leaf's range of the grower's row buffer.
            var rows = grower.Rows;
            for (var leaf = 0; leaf < tree.LeafValues.Count; leaf++)
            {
                var value = tree.LeafValues[leaf];
                var (start, count) = tree.LeafRows[leaf];
                for (var i = start; i < start + count; i++)
                {
                    scores[rows[i]] += value;
                }
            }
            return;
        }
        var binCounts = grower.BinCounts;
        ForRowRanges(scores.Length, parallel, (start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                scores[row] += tree.LeafValues[tree.LeafOf(bins, binCounts, row)];
            }
        });
    }

    private static void UpdateValidationScores(GrownTree tree, PinnedColumns columns, double[] scores, ParallelOptions parallel) =>
        ForRowRanges(scores.Length, parallel, (start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                scores[row] += tree.LeafValues[tree.LeafOf(columns.Pointers, row)];
            }
        });

    private static double Metric(ReadOnlySpan<double> labels, double[] scores, bool binary)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (binary)
            {
                // log(1 + e^s) − y·s: the log loss of sigmoid(s), stable for large |s|.
                var s = scores[i];
                sum += (s > 0 ? s + double.LogP1(Math.Exp(-s)) : double.LogP1(Math.Exp(s))) - (labels[i] * s);
            }
            else
            {
                var error = scores[i] - labels[i];
                sum += error * error;
            }
        }
        return binary ? sum / labels.Length : Math.Sqrt(sum / labels.Length);
    }

    private static void ForRowRanges(int rowCount, ParallelOptions parallel, Action<int, int> body)
    {
        var tasks = (rowCount + RowsPerTask - 1) / RowsPerTask;
        if (tasks <= 1)
        {
            body(0, rowCount);
            return;
        }
        Parallel.For(0, tasks, parallel, task => body(task * RowsPerTask, Math.Min(rowCount, (task + 1) * RowsPerTask)));
    }

    /// <summary>Concatenates the trees into the model's flat arrays (node and leaf indices offset per tree).</summary>
    private GradientBoostedTreesModel Assemble(ModelTask task, FeatureMatrix features, double baseScore, List<GrownTree> trees, TrainingSummary summary)
    {
        var nodeCount = trees.Sum(t => t.Feature.Count);
        var leafCount = trees.Sum(t => t.LeafValues.Count);
        var roots = new int[trees.Count];
        var splitFeature = new int[nodeCount];
        var threshold = new double[nodeCount];
        var left = new int[nodeCount];
        var right = new int[nodeCount];
        var defaultLeft = new bool[nodeCount];
        var leafValues = new double[leafCount];
        int nodeOffset = 0, leafOffset = 0;
        int Relocate(int child, int nodes, int leaves) => child >= 0 ? child + nodes : ~(~child + leaves);
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            roots[t] = Relocate(tree.Root, nodeOffset, leafOffset);
            for (var n = 0; n < tree.Feature.Count; n++)
            {
                splitFeature[nodeOffset + n] = tree.Feature[n];
                threshold[nodeOffset + n] = tree.Threshold[n];
                defaultLeft[nodeOffset + n] = tree.DefaultLeft[n];
                left[nodeOffset + n] = Relocate(tree.Left[n], nodeOffset, leafOffset);
                right[nodeOffset + n] = Relocate(tree.Right[n], nodeOffset, leafOffset);
            }
            tree.LeafValues.CopyTo(leafValues, leafOffset);
            nodeOffset += tree.Feature.Count;
            leafOffset += tree.LeafValues.Count;
        }
        var signature = new ModelSignature(
            features.Features.Select(f => new SignatureInput(f.Name, f.Type, f.Vocabulary, MissingValuePolicy.LearnedDirection)),
            SignatureOutput.For(task));
        return new GradientBoostedTreesModel(task, signature, baseScore, roots, splitFeature, threshold, left, right, defaultLeft, leafValues,
            GbdtOptions.Schema.ToValues(Options), summary);
    }
}
