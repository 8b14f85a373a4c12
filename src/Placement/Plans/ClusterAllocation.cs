using Reference.Placement.Clusters;

namespace Reference.Placement.Plans;

/// <summary>
/// One cluster in the plan: what to deploy there, where its images and data services come from,
/// what it reserves and what it costs a month. A publisher writes one overlay per allocation.
/// </summary>
public sealed record ClusterAllocation
{
    public required string Cluster { get; init; }

    public required CloudProvider Provider { get; init; }

    public required string Region { get; init; }

    public required string Location { get; init; }

    public required string Jurisdiction { get; init; }

    public required string Registry { get; init; }

    /// <summary>Managed PostgreSQL product, or "in-cluster".</summary>
    public required string Postgres { get; init; }

    /// <summary>Managed Redis product, or "in-cluster".</summary>
    public required string Redis { get; init; }

    public required IReadOnlyList<ClusterWorkload> Workloads { get; init; }

    public required double CpuReserved { get; init; }

    public required double MemoryGbReserved { get; init; }

    public required IReadOnlyDictionary<string, int> GpusReserved { get; init; }

    public required decimal Compute { get; init; }

    /// <summary>Egress billed by this cluster (data it sends), whoever caused it.</summary>
    public required decimal Egress { get; init; }

    public required decimal Total { get; init; }
}
