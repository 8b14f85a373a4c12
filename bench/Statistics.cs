namespace Reference.Bench;

public static class Statistics
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
