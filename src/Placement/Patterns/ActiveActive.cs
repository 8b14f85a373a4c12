namespace Reference.Placement.Patterns;

/// <summary>
/// The workload runs on several clusters at once and traffic is split by weight. Either name the
/// clusters or give a count and let the solver pick them.
/// </summary>
public sealed record ActiveActive : PlacementPattern
{
    public override string Name => "active-active";

    /// <summary>How many clusters to pick when <see cref="Clusters"/> is empty.</summary>
    public int Count { get; init; } = 2;

    /// <summary>Fixed clusters, if the team has chosen them.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];

    /// <summary>
    /// Traffic shares (normalised to 1). With fixed clusters they go in the clusters' order;
    /// otherwise the solver decides which cluster takes which share. Empty means equal shares.
    /// </summary>
    public IReadOnlyList<double> Weights { get; init; } = [];

    public Separation Separation { get; init; } = Separation.Provider;
}
