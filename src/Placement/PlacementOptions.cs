namespace Reference.Placement;

/// <summary>Knobs of one <see cref="PlacementEngine.Solve"/> call.</summary>
public sealed record PlacementOptions
{
    public PlacementStrategy Strategy { get; init; } = PlacementStrategy.Optimal;

    /// <summary>
    /// Search budget in arrangement evaluations (a few nanoseconds each: the default is about 15 to
    /// 20 seconds of search on two cores). Counting work rather than time keeps the result the same
    /// on every machine; a search that runs out returns its best plan with <c>ProvedOptimal = false</c>
    /// and a <c>LowerBound</c> that says how far from optimal it can be at most.
    /// </summary>
    public long MaxSearchWork { get; init; } = 2_000_000_000;

    /// <summary>Also solve the compute-only greedy baseline and report the egress the plan avoids.</summary>
    public bool CompareWithGreedy { get; init; } = true;
}
