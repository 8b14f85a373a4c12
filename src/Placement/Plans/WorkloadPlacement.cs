using Reference.Placement.Datasets;
using Reference.Placement.Workloads;

namespace Reference.Placement.Plans;

/// <summary>Where one workload goes and why: the chosen clusters, what they cost, and why every other cluster was not chosen.</summary>
public sealed record WorkloadPlacement
{
    public required string Workload { get; init; }

    public required WorkloadKind Kind { get; init; }

    public required string Pattern { get; init; }

    /// <summary>Effective classification (own, datasets, lineage): the publisher's classification label.</summary>
    public required DataClassification Classification { get; init; }

    /// <summary>Residency labels it carries (empty when unconstrained): the publisher's residency label.</summary>
    public required IReadOnlyList<string> Residency { get; init; }

    public required IReadOnlyList<ClusterAssignment> Assignments { get; init; }

    public required CostBreakdown Cost { get; init; }

    /// <summary>One or more entries for every cluster not in <see cref="Assignments"/>, ordered by cluster.</summary>
    public required IReadOnlyList<ClusterRejection> Rejections { get; init; }
}
