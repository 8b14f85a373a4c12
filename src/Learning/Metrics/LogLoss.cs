namespace Reference.Learning.Metrics;

/// <summary>Mean negative log-likelihood of 0/1 labels; probabilities are clipped to [1e-15, 1 − 1e-15] so one confident mistake is large but finite.</summary>
public static class LogLoss
{
    public const double Epsilon = 1e-15;

    public static double Compute(ReadOnlySpan<double> labels, ReadOnlySpan<double> probabilities)
    {
        MetricInputs.Check(labels, probabilities, binary: true, probabilities: true);
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }
}
