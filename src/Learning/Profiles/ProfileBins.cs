namespace Reference.Learning.Profiles;

/// <summary>
/// A profile's bins as proportions, and live values counted into the same bins. Numeric: the
/// histogram bins, then missing. Categorical: the categories, then "unseen in training", then missing.
/// </summary>
internal static class ProfileBins
{
    public static double[] UpperBounds(IReadOnlyList<double> edges) => [.. edges, double.PositiveInfinity];

    public static int BinOf(double[] upper, double value)
    {
        int low = 0, high = upper.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (value <= upper[middle]) high = middle;
            else low = middle + 1;
        }
        return low;
    }

    public static (double[] Expected, double[] Actual) Numeric(FeatureProfile profile, ReadOnlySpan<double> live)
    {
        if (profile.IsCategorical)
        {
            throw new ArgumentException($"Feature '{profile.Name}' is categorical; pass its live values as strings.", nameof(profile));
        }
        RequireValues(profile, live.Length);
        var edges = profile.HistogramEdges ?? [];
        var trainingCounts = profile.HistogramCounts ?? new long[edges.Length + 1];
        var expected = new double[trainingCounts.Length + 1];
        for (var b = 0; b < trainingCounts.Length; b++)
        {
            expected[b] = (double)trainingCounts[b] / profile.Count;
        }
        expected[^1] = (double)profile.MissingCount / profile.Count;
        var upper = UpperBounds(edges);
        var actual = new double[expected.Length];
        foreach (var value in live)
        {
            actual[double.IsNaN(value) ? actual.Length - 1 : BinOf(upper, value)]++;
        }
        Normalize(actual, live.Length);
        return (expected, actual);
    }

    public static (double[] Expected, double[] Actual) Categorical(FeatureProfile profile, IEnumerable<string?> live)
    {
        if (profile.Categories is not { } categories)
        {
            throw new ArgumentException($"Feature '{profile.Name}' is numeric; pass its live values as numbers.", nameof(profile));
        }
        ArgumentNullException.ThrowIfNull(live);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var expected = new double[categories.Length + 2];
        for (var c = 0; c < categories.Length; c++)
        {
            index[categories[c].Value] = c;
            expected[c] = profile.Count == 0 ? 0 : (double)categories[c].Count / profile.Count;
        }
        expected[^1] = profile.Count == 0 ? 0 : (double)profile.MissingCount / profile.Count;
        var actual = new double[expected.Length];
        var total = 0;
        foreach (var value in live)
        {
            total++;
            actual[value is null ? actual.Length - 1 : index.TryGetValue(value, out var code) ? code : categories.Length]++;
        }
        RequireValues(profile, total);
        Normalize(actual, total);
        return (expected, actual);
    }

    private static void RequireValues(FeatureProfile profile, int liveCount)
    {
        if (profile.Count == 0)
        {
            throw new ArgumentException($"The profile of '{profile.Name}' holds no training rows to compare against.", nameof(profile));
        }
        if (liveCount == 0)
        {
            throw new ArgumentException($"No live values of '{profile.Name}' to compare.");
        }
    }

    private static void Normalize(double[] counts, int total)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] /= total;
        }
    }
}
