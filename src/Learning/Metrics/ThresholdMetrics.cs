namespace Reference.Learning.Metrics;

/// <summary>
/// Counts and rates when rows scoring at or above <see cref="Threshold"/> are called positive.
/// Precision with no predicted positives is 0, as are recall without positives and F1 then.
/// </summary>
public sealed record ThresholdMetrics(
    double Threshold, long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => TruePositives == 0 ? 0 : 2.0 * TruePositives / ((2.0 * TruePositives) + FalsePositives + FalseNegatives);

    public double Accuracy => (double)(TruePositives + TrueNegatives) / (TruePositives + FalsePositives + TrueNegatives + FalseNegatives);

    public static ThresholdMetrics At(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores, double threshold)
    {
        MetricInputs.Check(labels, scores, binary: true, probabilities: false);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = scores[i] >= threshold;
            var actual = labels[i] == 1;
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            else tn++;
        }
        return new ThresholdMetrics(threshold, tp, fp, tn, fn);
    }

    /// <summary>
    /// The threshold, among the distinct scores, with the highest F1 (the highest such threshold
    /// on ties), found in one sweep down the sorted scores.
    /// </summary>
    public static ThresholdMetrics BestF1(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        MetricInputs.Check(labels, scores, binary: true, probabilities: false);
        var n = labels.Length;
        var sortedScores = scores.ToArray();
        var sortedLabels = labels.ToArray();
        Array.Sort(sortedScores, sortedLabels);
        long positives = 0;
        foreach (var label in sortedLabels)
        {
            positives += (long)label;
        }
        long tp = 0, fp = 0;
        var best = new ThresholdMetrics(sortedScores[n - 1], 0, 0, n - positives, positives);
        var bestF1 = -1.0;
        var i = n - 1;
        while (i >= 0)
        {
            var threshold = sortedScores[i];
            while (i >= 0 && sortedScores[i] == threshold)
            {
                if (sortedLabels[i] == 1) tp++;
                else fp++;
                i--;
            }
            var f1 = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + (positives - tp));
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = new ThresholdMetrics(threshold, tp, fp, n - positives - fp, positives - tp);
            }
        }
        return best;
    }
}
