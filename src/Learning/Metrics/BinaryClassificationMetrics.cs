namespace Reference.Learning.Metrics;

/// <summary>The standard report for a binary classifier's probabilities on labelled rows.</summary>
public sealed record BinaryClassificationMetrics(
    double Auc,
    double LogLoss,
    double ExpectedCalibrationError,
    ThresholdMetrics AtHalf,
    ThresholdMetrics AtBestF1)
{
    public double Accuracy => AtHalf.Accuracy;

    public static BinaryClassificationMetrics Compute(ReadOnlySpan<double> labels, ReadOnlySpan<double> probabilities, int calibrationBins = 10) =>
        new(
            RocAuc.Compute(labels, probabilities),
            Metrics.LogLoss.Compute(labels, probabilities),
            CalibrationError.Expected(labels, probabilities, calibrationBins),
            ThresholdMetrics.At(labels, probabilities, 0.5),
            ThresholdMetrics.BestF1(labels, probabilities));
}
