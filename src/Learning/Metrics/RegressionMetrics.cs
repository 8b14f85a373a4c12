namespace Reference.Learning.Metrics;

/// <summary>
/// Root mean squared error, mean absolute error and R² (1 − SS_res / SS_tot). With constant
/// labels R² is 1 for a perfect fit and 0 otherwise, rather than undefined.
/// </summary>
public sealed record RegressionMetrics(double Rmse, double Mae, double R2)
{
    public static RegressionMetrics Compute(ReadOnlySpan<double> labels, ReadOnlySpan<double> predictions) =>
        new(RootMeanSquaredError(labels, predictions), MeanAbsoluteError(labels, predictions), RSquared(labels, predictions));

    public static double RootMeanSquaredError(ReadOnlySpan<double> labels, ReadOnlySpan<double> predictions)
    {
        MetricInputs.Check(labels, predictions, binary: false, probabilities: false);
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var error = labels[i] - predictions[i];
            sum += error * error;
        }
        return Math.Sqrt(sum / labels.Length);
    }

    public static double MeanAbsoluteError(ReadOnlySpan<double> labels, ReadOnlySpan<double> predictions)
    {
        MetricInputs.Check(labels, predictions, binary: false, probabilities: false);
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            sum += Math.Abs(labels[i] - predictions[i]);
        }
        return sum / labels.Length;
    }

    public static double RSquared(ReadOnlySpan<double> labels, ReadOnlySpan<double> predictions)
    {
        MetricInputs.Check(labels, predictions, binary: false, probabilities: false);
        double mean = 0;
        foreach (var label in labels)
        {
            mean += label;
        }
        mean /= labels.Length;
        double residual = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            residual += (labels[i] - predictions[i]) * (labels[i] - predictions[i]);
            total += (labels[i] - mean) * (labels[i] - mean);
        }
        if (total == 0)
        {
            return residual == 0 ? 1 : 0;
        }
        return 1 - (residual / total);
    }
}
