namespace Reference.Placement.Patterns;

/// <summary>
/// Steady load runs on an on-prem base; clouds absorb peaks. The burst targets come out ordered
/// by their monthly burst cost, cheapest first, and the first one is costed for the expected burst.
/// </summary>
public sealed record HybridBurst : PlacementPattern
{
    public override string Name => "hybrid-burst";

    /// <summary>The on-prem base cluster; null lets the solver choose among on-prem clusters.</summary>
    public string? Base { get; init; }

    /// <summary>Candidate burst clusters; empty means every eligible cloud cluster.</summary>
    public IReadOnlyList<string> Burst { get; init; } = [];

    /// <summary>Replicas added during a burst; null means as many as the base runs.</summary>
    public int? BurstReplicas { get; init; }

    /// <summary>Expected hours of bursting per month (10% of the month by default).</summary>
    public double BurstHoursPerMonth { get; init; } = 73;
}
