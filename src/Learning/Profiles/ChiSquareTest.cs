namespace Reference.Learning.Profiles;

/// <summary>
/// Pearson's chi-square goodness-of-fit test of live category counts against the training proportions
/// (expected = training share × live rows), over the profile's categories, unseen values and missing values;
/// cells empty on both sides are left out. A value training never saw gives p = 0. Evidently's default for
/// categorical features with at most 1000 reference rows (drift when p &lt; 0.05).
/// </summary>
public static class ChiSquareTest
{
    public static (double Statistic, double PValue) Compute(FeatureProfile profile, IEnumerable<string?> live)
    {
        if (profile.Categories is not { } categories)
        {
            throw new ArgumentException($"Feature '{profile.Name}' is numeric; the chi-square test here compares categories.", nameof(profile));
        }
        ArgumentNullException.ThrowIfNull(live);
        if (profile.Count == 0)
        {
            throw new ArgumentException($"The profile of '{profile.Name}' holds no training rows to compare against.", nameof(profile));
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < categories.Length; c++)
        {
            index[categories[c].Value] = c;
        }
        var observed = new double[categories.Length + 2];
        var total = 0;
        foreach (var value in live)
        {
            total++;
            observed[value is null ? observed.Length - 1 : index.TryGetValue(value, out var code) ? code : categories.Length]++;
        }
        if (total == 0)
        {
            throw new ArgumentException($"No live values of '{profile.Name}' to compare.", nameof(live));
        }
        double statistic = 0;
        var cells = 0;
        for (var c = 0; c < observed.Length; c++)
        {
            var share = c < categories.Length ? (double)categories[c].Count / profile.Count
                : c == categories.Length ? 0
                : (double)profile.MissingCount / profile.Count;
            var expected = share * total;
            if (expected == 0)
            {
                if (observed[c] > 0)
                {
                    return (double.PositiveInfinity, 0);
                }
                continue;
            }
            cells++;
            statistic += (observed[c] - expected) * (observed[c] - expected) / expected;
        }
        return cells < 2 ? (statistic, 1) : (statistic, ChiSquareDistribution.Survival(statistic, cells - 1));
    }
}
