namespace Reference.Learning.Profiles;

/// <summary>
/// PSI = Σ (live − training) · ln(live / training) over the profile's bins (missing values are a
/// bin too, so a change in null rate is drift). Empty bins are floored at 1e-4 so one empty bin
/// is large but finite. Rule of thumb: below 0.1 stable, 0.1–0.25 shifting, above 0.25 shifted.
/// </summary>
public static class PopulationStabilityIndex
{
    private const double Floor = 1e-4;

    public static double Compute(FeatureProfile profile, ReadOnlySpan<double> live)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (expected, actual) = ProfileBins.Numeric(profile, live);
        return Compute(expected, actual);
    }

    public static double Compute(FeatureProfile profile, IEnumerable<string?> live)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (expected, actual) = ProfileBins.Categorical(profile, live);
        return Compute(expected, actual);
    }

    private static double Compute(double[] expected, double[] actual)
    {
        double psi = 0;
        for (var b = 0; b < expected.Length; b++)
        {
            var e = Math.Max(expected[b], Floor);
            var a = Math.Max(actual[b], Floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }
}
