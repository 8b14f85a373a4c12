namespace Reference.Placement.Plans;

/// <summary>
/// The engine's answer: where every workload runs, why, and what it costs. Deterministic for a
/// given input (everything ordered by name), serialisable with <see cref="PlacementPlanJson"/>
/// and rendered for people by <see cref="PlacementMarkdown"/>.
/// </summary>
public sealed record PlacementPlan
{
    /// <summary>"optimal" (branch and bound) or "compute-only-greedy" (the baseline).</summary>
    public required string Strategy { get; init; }

    /// <summary>Whether the search finished, so that no cheaper plan exists (false if it hit its node budget).</summary>
    public required bool ProvedOptimal { get; init; }

    public required long SearchNodes { get; init; }

    /// <summary>
    /// No plan costs less than this per month: the plan's own cost when proved optimal, otherwise
    /// the search's lower bound, so that the gap to the optimum is known even without a proof.
    /// </summary>
    public required decimal LowerBound { get; init; }

    public DateOnly? PricesReadOn { get; init; }

    /// <summary>Clusters of the plan whose compute or egress prices are estimates, not checked against a source.</summary>
    public IReadOnlyList<string> EstimatedPrices { get; init; } = [];

    public required CostSummary Cost { get; init; }

    public GreedyComparison? ComparedWithGreedy { get; init; }

    /// <summary>Ordered by workload name.</summary>
    public required IReadOnlyList<WorkloadPlacement> Workloads { get; init; }

    /// <summary>Clusters that run something or bill egress, ordered by name.</summary>
    public required IReadOnlyList<ClusterAllocation> Clusters { get; init; }

    public WorkloadPlacement Workload(string name) =>
        Workloads.FirstOrDefault(w => w.Workload == name) ?? throw new KeyNotFoundException($"No workload '{name}' in the plan.");
}
