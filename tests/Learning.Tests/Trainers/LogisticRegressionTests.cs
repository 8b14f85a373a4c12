using Reference.Learning.Data;
using Reference.Learning.Metrics;
using Reference.Learning.Models;
using Reference.Learning.Trainers;
using Reference.Learning.Trainers.Logistic;

namespace Reference.Learning.Tests.Trainers;

public class LogisticRegressionTests
{
    // z = 4.2 + 1.0·x0 − 0.5·x1 + 2.0·x2 with x0 ~ N(0, 1), x1 ~ N(5, 2²), x2 ~ N(−1, 0.5²): inputs on
    // different scales, so recovering raw-unit weights also checks that standardisation was folded back.
    private static readonly double[] TrueCoefficients = [4.2, 1.0, -0.5, 2.0];

    private static TrainingSet Generate(int rows, ulong seed)
    {
        var random = new SeededRandom(seed);
        var x0 = new double[rows];
        var x1 = new double[rows];
        var x2 = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x0[i] = random.NextGaussian();
            x1[i] = 5 + (2 * random.NextGaussian());
            x2[i] = -1 + (0.5 * random.NextGaussian());
            var z = TrueCoefficients[0] + (TrueCoefficients[1] * x0[i]) + (TrueCoefficients[2] * x1[i]) + (TrueCoefficients[3] * x2[i]);
            y[i] = random.NextDouble() < Synthetic.Sigmoid(z) ? 1 : 0;
        }
        return new TrainingSet(FeatureMatrix.FromColumns([x0, x1, x2]), y);
    }

    [Theory]
    [InlineData(LogisticSolver.Newton)]
    [InlineData(LogisticSolver.Lbfgs)]
    public void Recovers_the_generating_weights_within_their_standard_errors(LogisticSolver solver)
    {
        var train = Generate(20_000, seed: 42);
        var result = new LogisticRegressionTrainer(new LogisticRegressionOptions { L2 = 1e-8, Solver = solver }).Train(train);
        var model = Assert.IsType<LinearModel>(result.Model);
        double[] estimate = [model.Intercept, .. model.InputWeights];

        // The MLE is asymptotically normal with covariance I⁻¹, I = Σ p(1−p)·x xᵀ (x with a leading 1).
        // 20 000 rows give standard errors of about 0.01–0.1 here; 4.5 standard errors per
        // coefficient leaves a false-failure chance below 1e-4 while still catching a wrong fit.
        var standardErrors = StandardErrors(train, estimate);
        for (var k = 0; k < estimate.Length; k++)
        {
            Assert.True(Math.Abs(estimate[k] - TrueCoefficients[k]) < 4.5 * standardErrors[k],
                $"coefficient {k}: estimate {estimate[k]:F4}, truth {TrueCoefficients[k]}, standard error {standardErrors[k]:F4}");
        }
        Assert.InRange(standardErrors.Max(), 0.005, 0.2); // the tolerance is meaningful, not vacuous
    }

    [Fact]
    public void Both_solvers_reach_the_same_optimum()
    {
        var train = Generate(5_000, seed: 3);
        var newton = (LinearModel)new LogisticRegressionTrainer(new() { Solver = LogisticSolver.Newton }).Train(train).Model;
        var lbfgs = (LinearModel)new LogisticRegressionTrainer(new() { Solver = LogisticSolver.Lbfgs }).Train(train).Model;
        Assert.Equal(newton.Intercept, lbfgs.Intercept, 4);
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(newton.InputWeights[j], lbfgs.InputWeights[j], 4);
        }
    }

    [Fact]
    public void Categorical_inputs_get_a_weight_per_category_and_missing_numbers_their_mean()
    {
        // Category "b" adds 2 to the log-odds over "a"; x has 20% missing values.
        var random = new SeededRandom(9);
        const int rows = 8_000;
        var vocabulary = new CategoryVocabulary(["a", "b"]);
        var x = new double[rows];
        var c = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var value = random.NextGaussian();
            c[i] = random.NextInt(2);
            y[i] = random.NextDouble() < Synthetic.Sigmoid(-1 + value + (2 * c[i])) ? 1 : 0;
            x[i] = random.NextDouble() < 0.2 ? double.NaN : value;
        }
        var set = new TrainingSet(FeatureMatrix.FromColumns([x, c], [FeatureInfo.Numeric("x"), FeatureInfo.Categorical("c", vocabulary)]), y);
        var model = (LinearModel)new LogisticRegressionTrainer().Train(set).Model;

        Assert.InRange(model.CategoryWeight("c", "b") - model.CategoryWeight("c", "a"), 1.7, 2.3);
        Assert.Equal(MissingValueHandling.Impute, model.Signature.Inputs[0].Missing.Handling);
        Assert.InRange(model.Signature.Inputs[0].Missing.Value, -0.05, 0.05);
        Assert.Equal(MissingValueHandling.NoContribution, model.Signature.Inputs[1].Missing.Handling);
        var withMean = model.Score([model.Signature.Inputs[0].Missing.Value, 1]);
        Assert.Equal(withMean, model.Score([double.NaN, 1]));
    }

    [Fact]
    public void Labels_other_than_zero_and_one_are_rejected()
    {
        var set = new TrainingSet(FeatureMatrix.FromColumns([new double[] { 1, 2, 3 }]), new double[] { 0, 1, 2 });
        var error = Assert.Throws<ArgumentException>(() => new LogisticRegressionTrainer().Train(set));
        Assert.Contains("row 2", error.Message);
    }

    private static double[] StandardErrors(TrainingSet set, double[] beta)
    {
        const int k = 4;
        var information = new double[k, k];
        var x = new double[k];
        for (var i = 0; i < set.RowCount; i++)
        {
            x[0] = 1;
            for (var j = 0; j < 3; j++)
            {
                x[j + 1] = set.Features.Column(j)[i];
            }
            var z = 0.0;
            for (var a = 0; a < k; a++)
            {
                z += beta[a] * x[a];
            }
            var p = Synthetic.Sigmoid(z);
            for (var a = 0; a < k; a++)
            {
                for (var b = 0; b < k; b++)
                {
                    information[a, b] += p * (1 - p) * x[a] * x[b];
                }
            }
        }
        var inverse = Invert(information);
        return [.. Enumerable.Range(0, k).Select(a => Math.Sqrt(inverse[a, a]))];
    }

    /// <summary>Gauss–Jordan with partial pivoting, for the small information matrix.</summary>
    private static double[,] Invert(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var inverse = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            inverse[i, i] = 1;
        }
        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < n; row++)
            {
                if (Math.Abs(a[row, column]) > Math.Abs(a[pivot, column])) pivot = row;
            }
            for (var j = 0; j < n; j++)
            {
                (a[column, j], a[pivot, j]) = (a[pivot, j], a[column, j]);
                (inverse[column, j], inverse[pivot, j]) = (inverse[pivot, j], inverse[column, j]);
            }
            var scale = a[column, column];
            for (var j = 0; j < n; j++)
            {
                a[column, j] /= scale;
                inverse[column, j] /= scale;
            }
            for (var row = 0; row < n; row++)
            {
                if (row == column) continue;
                var factor = a[row, column];
                for (var j = 0; j < n; j++)
                {
                    a[row, j] -= factor * a[column, j];
                    inverse[row, j] -= factor * inverse[column, j];
                }
            }
        }
        return inverse;
    }
}
