namespace Reference.Learning.Metrics;

/// <summary>
/// Expected calibration error: probabilities are grouped into equal-width bins over [0, 1]; the
/// error is the row-weighted mean, over bins, of |mean predicted probability − observed positive rate|.
/// </summary>
public static class CalibrationError
{
    public static double Expected(ReadOnlySpan<double> labels, ReadOnlySpan<double> probabilities, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        MetricInputs.Check(labels, probabilities, binary: true, probabilities: true);
        var count = new long[bins];
        var probabilitySum = new double[bins];
        var positiveSum = new double[bins];
        for (var i = 0; i < labels.Length; i++)
        {
            var bin = Math.Min((int)(probabilities[i] * bins), bins - 1);
            count[bin]++;
            probabilitySum[bin] += probabilities[i];
            positiveSum[bin] += labels[i];
        }
        double error = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                error += Math.Abs(probabilitySum[b] - positiveSum[b]) / labels.Length;
            }
        }
        return error;
    }
}
