using Reference.Placement.Clusters;
using Reference.Placement.Datasets;
using Reference.Placement.Policies;
using Reference.Placement.Workloads;

namespace Reference.Placement;

/// <summary>
/// What to place and under which rules: the clusters (catalogue merged with deploy/clusters.yaml),
/// the datasets and where they live, the workloads from the AppHost's topology and use-case specs,
/// and the policies (deploy/policies.yaml).
/// </summary>
public sealed record PlacementProblem
{
    public required ClusterCatalogue Catalogue { get; init; }

    public required IReadOnlyList<Workload> Workloads { get; init; }

    public IReadOnlyList<Dataset> Datasets { get; init; } = [];

    public PolicySet Policies { get; init; } = PolicySet.Empty;
}
