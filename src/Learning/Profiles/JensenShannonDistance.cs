namespace Reference.Learning.Profiles;

/// <summary>
/// Jensen–Shannon distance (square root of the base-2 JS divergence, so in [0, 1]) between the
/// training and live distributions over the profile's bins: categories (plus unseen and missing)
/// for categorical features, histogram bins (plus missing) for numeric ones. Symmetric and finite
/// even when a bin is empty on one side.
/// </summary>
public static class JensenShannonDistance
{
    public static double Compute(FeatureProfile profile, IEnumerable<string?> live)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (expected, actual) = ProfileBins.Categorical(profile, live);
        return Compute(expected, actual);
    }

    public static double Compute(FeatureProfile profile, ReadOnlySpan<double> live)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (expected, actual) = ProfileBins.Numeric(profile, live);
        return Compute(expected, actual);
    }

    private static double Compute(double[] p, double[] q)
    {
        double divergence = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var m = (p[i] + q[i]) / 2;
            if (p[i] > 0)
            {
                divergence += 0.5 * p[i] * Math.Log2(p[i] / m);
            }
            if (q[i] > 0)
            {
                divergence += 0.5 * q[i] * Math.Log2(q[i] / m);
            }
        }
        return Math.Sqrt(Math.Clamp(divergence, 0, 1));
    }
}
