using System.Globalization;
using System.Text.Json;
using Reference.Learning.Profiles;

namespace Reference.Observability.Drift;

/// <summary>
/// Compares live feature values with a version's training profile, per feature, with Evidently's default tests:
/// two-sample KS for numbers and chi-square for categories (drift at p &lt; 0.05) on small samples; Wasserstein distance
/// over the training standard deviation and Jensen–Shannon distance (drift at ≥ 0.1) on large ones. Evidently chooses
/// by the reference size alone (≤ 1000 rows → tests). Here the smaller of the two samples decides: the fixed 0.1
/// thresholds only hold a low false-alarm rate when the live window is large too (the sampling noise of a normalised
/// Wasserstein distance is about 1.3/√n), so a 300-row window against a 5,000-row profile gets the p-value tests, which
/// are calibrated at any size. PSI is reported for every feature. The model has drifted when at least half of its features have.
/// </summary>
public static class DriftDetector
{
    /// <summary>Distances are used when both samples have more than this many values (Drift:LargeSampleRows).</summary>
    public const int DefaultLargeSampleRows = 2000;
    public const double PValueThreshold = 0.05;
    public const double DistanceThreshold = 0.1;
    public const double DriftedShare = 0.5;

    public static ModelDriftReport Evaluate(
        string model, int version, DataProfile profile, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, DateTimeOffset windowStart, DateTimeOffset windowEnd,
        int largeSampleRows = DefaultLargeSampleRows)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(rows);
        var features = new List<FeatureDrift>(profile.Features.Count);
        foreach (var feature in profile.Features)
        {
            if (feature.Count - feature.MissingCount == 0)
            {
                continue; // Nothing to compare with: training saw no values.
            }
            features.Add(feature.IsCategorical ? Categorical(feature, rows, largeSampleRows) : Numeric(feature, rows, largeSampleRows));
        }
        var drifted = features.Count(f => f.Drifted);
        var share = features.Count == 0 ? 0 : (double)drifted / features.Count;
        return new ModelDriftReport(model, version, windowStart, windowEnd, rows.Count, profile.RowCount, share,
            features.Count > 0 && share >= DriftedShare, features);
    }

    private static FeatureDrift Numeric(FeatureProfile feature, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, int largeSampleRows)
    {
        var values = new double[rows.Count];
        var present = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            values[i] = rows[i].TryGetValue(feature.Name, out var value) ? Number(value) : double.NaN;
            if (!double.IsNaN(values[i]))
            {
                present++;
            }
        }
        var (bins, reference, live) = NumericBins(feature, values);
        var psi = PopulationStabilityIndex.Compute(feature, values);
        if (present == 0)
        {
            return new FeatureDrift(feature.Name, "numerical", DriftTests.NoLiveValues, 1, 0, true, psi, 0, bins, reference, live,
                "Every live value is missing although training had values.");
        }
        if (Math.Min(feature.Count - feature.MissingCount, present) <= largeSampleRows)
        {
            var (_, p) = KolmogorovSmirnovTest.Compute(feature, values);
            return new FeatureDrift(feature.Name, "numerical", DriftTests.KolmogorovSmirnov, p, PValueThreshold, p < PValueThreshold, psi, present, bins, reference, live);
        }
        var distance = WassersteinDistance.Normalized(feature, values);
        return new FeatureDrift(feature.Name, "numerical", DriftTests.Wasserstein, distance, DistanceThreshold, distance >= DistanceThreshold, psi, present, bins, reference, live);
    }

    private static FeatureDrift Categorical(FeatureProfile feature, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, int largeSampleRows)
    {
        var values = new string?[rows.Count];
        var present = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            values[i] = rows[i].TryGetValue(feature.Name, out var value) ? Category(value) : null;
            if (values[i] is not null)
            {
                present++;
            }
        }
        var categories = feature.Categories!;
        var bins = new List<string>(categories.Length + 2);
        var reference = new double[categories.Length + 2];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < categories.Length; c++)
        {
            bins.Add(categories[c].Value);
            index[categories[c].Value] = c;
            reference[c] = (double)categories[c].Count / feature.Count;
        }
        bins.Add("(unseen)");
        bins.Add("(missing)");
        reference[^1] = (double)feature.MissingCount / feature.Count;
        var live = new double[reference.Length];
        foreach (var value in values)
        {
            live[value is null ? live.Length - 1 : index.TryGetValue(value, out var code) ? code : categories.Length] += 1.0 / values.Length;
        }
        var psi = PopulationStabilityIndex.Compute(feature, values);
        if (present == 0)
        {
            return new FeatureDrift(feature.Name, "categorical", DriftTests.NoLiveValues, 1, 0, true, psi, 0, bins, reference, live,
                "Every live value is missing although training had values.");
        }
        if (Math.Min(feature.Count - feature.MissingCount, present) <= largeSampleRows)
        {
            var (_, p) = ChiSquareTest.Compute(feature, values);
            return new FeatureDrift(feature.Name, "categorical", DriftTests.ChiSquare, p, PValueThreshold, p < PValueThreshold, psi, present, bins, reference, live);
        }
        var distance = JensenShannonDistance.Compute(feature, values);
        return new FeatureDrift(feature.Name, "categorical", DriftTests.JensenShannon, distance, DistanceThreshold, distance >= DistanceThreshold, psi, present, bins, reference, live);
    }

    private static (List<string> Bins, double[] Reference, double[] Live) NumericBins(FeatureProfile feature, double[] values)
    {
        var edges = feature.HistogramEdges ?? [];
        var counts = feature.HistogramCounts ?? new long[edges.Length + 1];
        var bins = new List<string>(edges.Length + 2);
        for (var b = 0; b <= edges.Length; b++)
        {
            bins.Add(b == 0 ? $"≤ {Short(edges.Length > 0 ? edges[0] : feature.Max ?? 0)}"
                : b == edges.Length ? $"> {Short(edges[^1])}"
                : $"{Short(edges[b - 1])}–{Short(edges[b])}");
        }
        bins.Add("(missing)");
        var reference = new double[bins.Count];
        for (var b = 0; b < counts.Length; b++)
        {
            reference[b] = (double)counts[b] / feature.Count;
        }
        reference[^1] = (double)feature.MissingCount / feature.Count;
        var live = new double[bins.Count];
        foreach (var value in values)
        {
            int bin;
            if (double.IsNaN(value))
            {
                bin = live.Length - 1;
            }
            else
            {
                bin = edges.Length;
                for (var e = 0; e < edges.Length; e++)
                {
                    if (value <= edges[e])
                    {
                        bin = e;
                        break;
                    }
                }
            }
            live[bin] += 1.0 / values.Length;
        }
        return (bins, reference, live);
    }

    private static double Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => double.NaN,
    };

    private static string? Category(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Short(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
