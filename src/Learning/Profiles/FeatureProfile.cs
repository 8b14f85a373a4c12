using System.Text.Json.Serialization;

namespace Reference.Learning.Profiles;

/// <summary>
/// The training distribution of one column. Numeric columns: moments, 101 quantiles (0%, 1%, …,
/// 100%) and a fixed histogram whose interior edges are training quantiles, so each bin held about
/// the same share of training rows. Categorical columns: counts per vocabulary category.
/// Missing values are counted apart from both.
/// </summary>
public sealed class FeatureProfile
{
    public required string Name { get; init; }

    /// <summary>float64, int64, bool, timestamp or categorical.</summary>
    public required string Type { get; init; }

    /// <summary>Rows, missing included.</summary>
    public required long Count { get; init; }

    public required long MissingCount { get; init; }

    public double NullRate => Count == 0 ? 0 : (double)MissingCount / Count;

    public double? Mean { get; init; }

    /// <summary>Population standard deviation.</summary>
    public double? Std { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Quantiles at 0%, 1%, …, 100% (linear interpolation between order statistics); null without present values.</summary>
    public double[]? Quantiles { get; init; }

    /// <summary>Interior edges e₁ &lt; … &lt; e_k: bins are (−∞, e₁], (e₁, e₂], …, (e_k, +∞).</summary>
    public double[]? HistogramEdges { get; init; }

    /// <summary>Training rows per histogram bin (one more than the edges); missing rows are in <see cref="MissingCount"/>.</summary>
    public long[]? HistogramCounts { get; init; }

    /// <summary>Training rows per category, in vocabulary order.</summary>
    public CategoryCount[]? Categories { get; init; }

    [JsonIgnore]
    public bool IsCategorical => Categories is not null;
}
