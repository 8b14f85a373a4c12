namespace Reference.Learning.Profiles;

/// <summary>
/// The two-sample Kolmogorov–Smirnov statistic D = sup |F_live − F_training| over present
/// (non-missing) values, with F_training rebuilt from the profile's 101 quantiles as a piecewise
/// linear CDF (exact to about 1 percentile, ample for drift alarms; point masses such as integer
/// features keep their jumps). In [0, 1]; near 0 for the same distribution.
/// </summary>
public static class KolmogorovSmirnovStatistic
{
    public static double Compute(FeatureProfile profile, ReadOnlySpan<double> live)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.IsCategorical)
        {
            throw new ArgumentException($"Feature '{profile.Name}' is categorical; the KS statistic needs ordered values (use Jensen–Shannon).", nameof(profile));
        }
        if (profile.Quantiles is not { Length: >= 2 } quantiles)
        {
            throw new ArgumentException($"The profile of '{profile.Name}' has no present values to compare against.", nameof(profile));
        }
        var present = new List<double>(live.Length);
        foreach (var value in live)
        {
            if (!double.IsNaN(value))
            {
                present.Add(value);
            }
        }
        if (present.Count == 0)
        {
            throw new ArgumentException($"No present live values of '{profile.Name}' to compare.", nameof(live));
        }
        present.Sort();
        var n = (double)present.Count;
        double statistic = 0;
        var i = 0;
        while (i < present.Count)
        {
            var x = present[i];
            var below = i;
            while (i < present.Count && present[i] == x)
            {
                i++;
            }
            // Both CDFs just before x and at x: the supremum of a step function against a
            // monotone one is reached at the steps.
            statistic = Math.Max(statistic, Math.Abs((below / n) - ReferenceCdf(quantiles, x, inclusive: false)));
            statistic = Math.Max(statistic, Math.Abs((i / n) - ReferenceCdf(quantiles, x, inclusive: true)));
        }
        return statistic;
    }

    /// <summary>F(x) (inclusive) or F(x⁻) from quantiles q_k at levels k / (m − 1).</summary>
    private static double ReferenceCdf(double[] q, double x, bool inclusive)
    {
        var last = q.Length - 1;
        // The last k with q_k ≤ x (inclusive) or q_k < x (exclusive).
        int low = -1, high = last;
        while (low < high)
        {
            var middle = (low + high + 1) >> 1;
            if (inclusive ? q[middle] <= x : q[middle] < x) low = middle;
            else high = middle - 1;
        }
        if (low < 0)
        {
            return 0;
        }
        if (low == last)
        {
            return 1;
        }
        var span = q[low + 1] - q[low];
        var fraction = span > 0 ? Math.Clamp((x - q[low]) / span, 0, 1) : 0;
        return (low + fraction) / last;
    }
}
