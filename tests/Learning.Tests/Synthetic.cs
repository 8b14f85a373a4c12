using Reference.Learning.Data;
using Reference.Learning.Models;

namespace Reference.Learning.Tests;

/// <summary>Data from known generating models, so tests can compare against the truth.</summary>
internal static class Synthetic
{
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>XOR-like interaction: p = sigmoid(6·x0·x1), plus two pure-noise features. Linear models cannot fit it.</summary>
    public static (TrainingSet Set, double[] TrueProbability) Interaction(int rows, ulong seed)
    {
        var random = new SeededRandom(seed);
        var columns = new double[4][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new double[rows];
        }
        var labels = new double[rows];
        var truth = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                columns[j][i] = (2 * random.NextDouble()) - 1;
            }
            truth[i] = Sigmoid(6 * columns[0][i] * columns[1][i]);
            labels[i] = random.NextDouble() < truth[i] ? 1 : 0;
        }
        return (new TrainingSet(FeatureMatrix.FromColumns([.. columns.Select(c => (ReadOnlyMemory<double>)c)]), labels), truth);
    }

    /// <summary>y = sin(3·x0) + x1² + 0.5·x2 + N(0, noise²).</summary>
    public static TrainingSet NonlinearRegression(int rows, ulong seed, double noise = 0.3)
    {
        var random = new SeededRandom(seed);
        var columns = new double[3][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new double[rows];
        }
        var labels = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                columns[j][i] = (2 * random.NextDouble()) - 1;
            }
            labels[i] = Math.Sin(3 * columns[0][i]) + (columns[1][i] * columns[1][i]) + (0.5 * columns[2][i]) + (noise * random.NextGaussian());
        }
        return new TrainingSet(FeatureMatrix.FromColumns([.. columns.Select(c => (ReadOnlyMemory<double>)c)]), labels);
    }

    public static double[] Scores(Model model, FeatureMatrix matrix)
    {
        var scores = new double[matrix.RowCount];
        model.ScoreBatch(matrix, scores);
        return scores;
    }

    public static double[] Row(FeatureMatrix matrix, int row)
    {
        var values = new double[matrix.ColumnCount];
        matrix.CopyRow(row, values);
        return values;
    }
}

/// <summary>Reports on the training thread, unlike Progress&lt;T&gt;, so a test sees reports in order and can cancel at once.</summary>
internal sealed class SynchronousProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
