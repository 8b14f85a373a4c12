namespace Reference.Observability.Drift;

/// <summary>
/// One feature's drift verdict: the test Evidently would choose, its score against the threshold, PSI beside it, and
/// the training and live shares per bin that the Drift page plots.
/// </summary>
public sealed record FeatureDrift(
    string Name,
    string Kind,
    string Test,
    double Score,
    double Threshold,
    bool Drifted,
    double? Psi,
    int LiveCount,
    IReadOnlyList<string> Bins,
    IReadOnlyList<double> Reference,
    IReadOnlyList<double> Live,
    string? Note = null);

/// <summary>A model version's drift over one live window: drifted when at least half of its features are.</summary>
public sealed record ModelDriftReport(
    string Model,
    int Version,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int LiveRows,
    long ReferenceRows,
    double DriftShare,
    bool Drifted,
    IReadOnlyList<FeatureDrift> Features);

internal static class DriftTests
{
    public const string KolmogorovSmirnov = "ks";
    public const string Wasserstein = "wasserstein";
    public const string ChiSquare = "chi-square";
    public const string JensenShannon = "jensen-shannon";
    public const string NoLiveValues = "no-live-values";

    /// <summary>P-value tests drift below their threshold; distances at or above it.</summary>
    public static bool IsPValue(string test) => test is KolmogorovSmirnov or ChiSquare;
}
