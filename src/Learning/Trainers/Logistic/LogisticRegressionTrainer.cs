using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Trainers.Hyperparameters;

namespace Reference.Learning.Trainers.Logistic;

/// <summary>L2-regularised logistic regression for 0/1 labels, solved by Newton's method or L-BFGS.</summary>
public sealed class LogisticRegressionTrainer : ITrainer
{
    private const int NewtonMaxWidth = 64;
    private const int LbfgsMemory = 10;
    private const int MaxStepHalvings = 40;

    public LogisticRegressionTrainer(LogisticRegressionOptions? options = null, ComputeBudget? compute = null)
    {
        Options = options ?? new LogisticRegressionOptions();
        HyperparameterValidationException.ThrowIfAny(Options.Validate());
        Compute = compute ?? ComputeBudget.AllCores;
    }

    public string Algorithm => "logistic";

    public LogisticRegressionOptions Options { get; }

    public ComputeBudget Compute { get; }

    public TrainingResult Train(
        TrainingSet train,
        TrainingSet? validation = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        TrainingSet.RequireTrainable(train, validation);
        train.RequireBinaryLabels("Logistic regression");
        validation?.RequireBinaryLabels("Logistic regression (validation)");
        var parallel = Compute.ToParallelOptions();

        progress?.Report(new TrainingProgress(TrainingStage.Preparing, 0, Options.MaxIterations, null, null));
        var design = StandardizedDesign.Fit(train.Features, parallel);
        var objective = new LogisticObjective(train.Features, train.Labels, design, Options.L2, parallel);
        var beta = new double[design.Width];
        var positives = 0.0;
        foreach (var label in train.Labels.Span)
        {
            positives += label;
        }
        var rate = Math.Clamp(positives / train.RowCount, 1e-6, 1 - 1e-6);
        beta[0] = Math.Log(rate / (1 - rate));

        var history = new List<double>();
        void Report(int iteration)
        {
            double? metric = null;
            if (validation is not null)
            {
                metric = LogisticObjective.LogLoss(validation.Features, validation.Labels, design, beta, parallel);
                history.Add(metric.Value);
            }
            progress?.Report(new TrainingProgress(TrainingStage.Iterating, iteration, Options.MaxIterations, metric is null ? null : "logloss", metric));
        }

        var useNewton = Options.Solver == LogisticSolver.Newton || (Options.Solver == LogisticSolver.Auto && design.Width <= NewtonMaxWidth);
        var iterations = useNewton
            ? SolveNewton(objective, beta, Report, cancellationToken)
            : SolveLbfgs(objective, beta, Report, cancellationToken);

        var (intercept, inputWeights, categoryWeights) = design.Unfold(beta);
        var summary = new TrainingSummary(iterations, null, false, validation is null ? null : "logloss", history.Count > 0 ? history[^1] : null);
        var model = new LinearModel(Algorithm, ModelTask.BinaryClassification, design.Signature(ModelTask.BinaryClassification),
            intercept, inputWeights, categoryWeights, LogisticRegressionOptions.Schema.ToValues(Options), summary);
        progress?.Report(new TrainingProgress(TrainingStage.Finished, iterations, Options.MaxIterations, summary.ValidationMetricName, summary.ValidationMetric));
        return new TrainingResult(model, history);
    }

    /// <summary>Damped Newton: the full step is tried first and halved until the objective decreases enough (Armijo).</summary>
    private int SolveNewton(LogisticObjective objective, double[] beta, Action<int> report, CancellationToken cancellationToken)
    {
        var width = objective.Width;
        var gradient = new double[width];
        var hessian = new double[width * width];
        var value = objective.Evaluate(beta, gradient, hessian);
        var trialGradient = new double[width];
        var trialHessian = new double[width * width];
        var trial = new double[width];
        var iteration = 0;
        while (iteration < Options.MaxIterations && MaxAbs(gradient) > Options.Tolerance)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var negativeGradient = gradient.Select(g => -g).ToArray();
            var step = Cholesky.Solve(hessian, negativeGradient, width);
            var slope = 0.0;
            for (var c = 0; c < width; c++)
            {
                slope += gradient[c] * step[c];
            }
            var accepted = false;
            var t = 1.0;
            for (var halving = 0; halving < MaxStepHalvings; halving++, t *= 0.5)
            {
                for (var c = 0; c < width; c++)
                {
                    trial[c] = beta[c] + (t * step[c]);
                }
                var trialValue = objective.Evaluate(trial, trialGradient, trialHessian);
                if (trialValue <= value + (1e-4 * t * slope))
                {
                    (value, accepted) = (trialValue, true);
                    break;
                }
            }
            if (!accepted)
            {
                break; // no decrease representable in floating point: as converged as it gets
            }
            trial.CopyTo(beta, 0);
            (gradient, trialGradient) = (trialGradient, gradient);
            (hessian, trialHessian) = (trialHessian, hessian);
            iteration++;
            report(iteration);
        }
        return iteration;
    }

    /// <summary>L-BFGS with a backtracking (Armijo) line search; curvature pairs with sᵀy ≤ 0 are skipped.</summary>
    private int SolveLbfgs(LogisticObjective objective, double[] beta, Action<int> report, CancellationToken cancellationToken)
    {
        var width = objective.Width;
        var gradient = new double[width];
        var value = objective.Evaluate(beta, gradient, null);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var trial = new double[width];
        var trialGradient = new double[width];
        var direction = new double[width];
        var alpha = new double[LbfgsMemory];
        var iteration = 0;
        while (iteration < Options.MaxIterations && MaxAbs(gradient) > Options.Tolerance)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Two-loop recursion: direction = −H·g with H the implicit inverse-Hessian estimate.
            for (var c = 0; c < width; c++)
            {
                direction[c] = -gradient[c];
            }
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], direction);
                Axpy(direction, -alpha[k], y[k]);
            }
            if (s.Count > 0)
            {
                var gamma = Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]);
                for (var c = 0; c < width; c++)
                {
                    direction[c] *= gamma;
                }
            }
            for (var k = 0; k < s.Count; k++)
            {
                var b = rho[k] * Dot(y[k], direction);
                Axpy(direction, alpha[k] - b, s[k]);
            }
            var slope = Dot(gradient, direction);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                s.Clear();
                y.Clear();
                rho.Clear();
                for (var c = 0; c < width; c++)
                {
                    direction[c] = -gradient[c];
                }
                slope = Dot(gradient, direction);
            }
            var accepted = false;
            var t = 1.0;
            double trialValue = 0;
            for (var halving = 0; halving < MaxStepHalvings; halving++, t *= 0.5)
            {
                for (var c = 0; c < width; c++)
                {
                    trial[c] = beta[c] + (t * direction[c]);
                }
                trialValue = objective.Evaluate(trial, trialGradient, null);
                if (trialValue <= value + (1e-4 * t * slope))
                {
                    accepted = true;
                    break;
                }
            }
            if (!accepted)
            {
                break;
            }
            var sk = new double[width];
            var yk = new double[width];
            for (var c = 0; c < width; c++)
            {
                sk[c] = trial[c] - beta[c];
                yk[c] = trialGradient[c] - gradient[c];
            }
            var curvature = Dot(sk, yk);
            if (curvature > 1e-16)
            {
                if (s.Count == LbfgsMemory)
                {
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                    rho.RemoveAt(0);
                }
                s.Add(sk);
                y.Add(yk);
                rho.Add(1 / curvature);
            }
            trial.CopyTo(beta, 0);
            trialGradient.CopyTo(gradient, 0);
            value = trialValue;
            iteration++;
            report(iteration);
        }
        return iteration;
    }

    private static double MaxAbs(double[] values) => values.Max(Math.Abs);

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void Axpy(double[] y, double alpha, double[] x)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }
}
