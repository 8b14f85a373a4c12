namespace Reference.Learning.Metrics;

/// <summary>
/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting one half (the Mann–Whitney U statistic with mid-ranks).
/// </summary>
public static class RocAuc
{
    /// <returns>The AUC, or NaN when the labels hold only one class.</returns>
    public static double Compute(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        MetricInputs.Check(labels, scores, binary: true, probabilities: false);
        var n = labels.Length;
        var sortedScores = scores.ToArray();
        var sortedLabels = labels.ToArray();
        Array.Sort(sortedScores, sortedLabels);
        double positives = 0;
        double positiveRankSum = 0;
        var i = 0;
        while (i < n)
        {
            var j = i;
            double groupPositives = 0;
            while (j < n && sortedScores[j] == sortedScores[i])
            {
                groupPositives += sortedLabels[j];
                j++;
            }
            // Ranks i+1 .. j share their mean.
            var midRank = (i + 1 + j) / 2.0;
            positiveRankSum += groupPositives * midRank;
            positives += groupPositives;
            i = j;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        return (positiveRankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
