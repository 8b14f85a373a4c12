using Reference.Learning.Data;
using Reference.Learning.Metrics;
using Reference.Learning.Models;
using Reference.Learning.Trainers.Hyperparameters;

namespace Reference.Learning.Trainers.Linear;

/// <summary>Ridge regression in closed form: one parallel pass builds XᵀX and Xᵀy, a Cholesky solve finishes.</summary>
public sealed class LinearRegressionTrainer : ITrainer
{
    public LinearRegressionTrainer(LinearRegressionOptions? options = null, ComputeBudget? compute = null)
    {
        Options = options ?? new LinearRegressionOptions();
        HyperparameterValidationException.ThrowIfAny(Options.Validate());
        Compute = compute ?? ComputeBudget.AllCores;
    }

    public string Algorithm => "linear";

    public LinearRegressionOptions Options { get; }

    public ComputeBudget Compute { get; }

    public TrainingResult Train(
        TrainingSet train,
        TrainingSet? validation = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        TrainingSet.RequireTrainable(train, validation);
        var parallel = Compute.ToParallelOptions();
        progress?.Report(new TrainingProgress(TrainingStage.Preparing, 0, 1, null, null));
        var design = StandardizedDesign.Fit(train.Features, parallel);
        cancellationToken.ThrowIfCancellationRequested();

        var width = design.Width;
        var groups = RowBlocks.For(train.RowCount);
        var groupGram = new double[groups.GroupCount][];
        var groupMoment = new double[groups.GroupCount][];
        design.ForEachBlock(train.Features, groups, parallel, scratchPerRow: 0, (group, start, count, block, _) =>
        {
            var gram = groupGram[group] ??= new double[width * width];
            var moment = groupMoment[group] ??= new double[width];
            var y = train.Labels.Span.Slice(start, count);
            for (var a = 0; a < width; a++)
            {
                var columnA = block.AsSpan(a * count, count);
                if (a > 0 && VectorMath.IsZero(columnA))
                {
                    continue;
                }
                moment[a] += VectorMath.Dot(columnA, y);
                for (var b = 0; b <= a; b++)
                {
                    gram[(a * width) + b] += VectorMath.Dot(columnA, block.AsSpan(b * count, count));
                }
            }
        });
        var n = (double)train.RowCount;
        var system = new double[width * width];
        var rightSide = new double[width];
        for (var group = 0; group < groups.GroupCount; group++)
        {
            for (var i = 0; i < system.Length; i++)
            {
                system[i] += groupGram[group]![i];
            }
            for (var i = 0; i < width; i++)
            {
                rightSide[i] += groupMoment[group]![i];
            }
        }
        for (var a = 0; a < width; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                system[(a * width) + b] /= n;
            }
            system[(a * width) + a] += a > 0 ? Options.L2 : 0;
            rightSide[a] /= n;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var beta = Cholesky.Solve(system, rightSide, width);

        var (intercept, inputWeights, categoryWeights) = design.Unfold(beta);
        var signature = design.Signature(ModelTask.Regression);
        var unvalidated = new LinearModel(Algorithm, ModelTask.Regression, signature, intercept, inputWeights, categoryWeights,
            LinearRegressionOptions.Schema.ToValues(Options), null);
        var history = new List<double>();
        if (validation is not null)
        {
            var predictions = new double[validation.RowCount];
            unvalidated.ScoreBatch(validation.Features, predictions);
            history.Add(RegressionMetrics.RootMeanSquaredError(validation.Labels.Span, predictions));
        }
        var summary = new TrainingSummary(1, null, false, validation is null ? null : "rmse", history.Count > 0 ? history[0] : null);
        var model = new LinearModel(Algorithm, ModelTask.Regression, signature, intercept, inputWeights, categoryWeights,
            LinearRegressionOptions.Schema.ToValues(Options), summary);
        progress?.Report(new TrainingProgress(TrainingStage.Iterating, 1, 1, summary.ValidationMetricName, summary.ValidationMetric));
        progress?.Report(new TrainingProgress(TrainingStage.Finished, 1, 1, summary.ValidationMetricName, summary.ValidationMetric));
        return new TrainingResult(model, history);
    }
}
