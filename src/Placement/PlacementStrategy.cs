namespace Reference.Placement;

/// <summary>How the engine chooses among arrangements.</summary>
public enum PlacementStrategy
{
    /// <summary>Minimum monthly cost, proved by branch and bound (the default).</summary>
    Optimal,

    /// <summary>Cheapest compute first, ignoring egress: the baseline for reports and benchmarks.</summary>
    ComputeOnlyGreedy,
}

public static class PlacementStrategyNames
{
    public const string Optimal = "optimal";
    public const string ComputeOnlyGreedy = "compute-only-greedy";

    /// <summary>The name written into plans and reports.</summary>
    public static string ToName(this PlacementStrategy strategy) =>
        strategy == PlacementStrategy.Optimal ? Optimal : ComputeOnlyGreedy;
}
