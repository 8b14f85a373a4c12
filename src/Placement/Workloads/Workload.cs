using Reference.Placement.Datasets;
using Reference.Placement.Patterns;

namespace Reference.Placement.Workloads;

/// <summary>A service or job to place, with its needs, its traffic and the data it touches.</summary>
public sealed record Workload
{
    public required string Name { get; init; }

    public WorkloadKind Kind { get; init; } = WorkloadKind.Service;

    public required ResourceRequest PerReplica { get; init; }

    public int Replicas { get; init; } = 1;

    /// <summary>Hours per month the replicas run: 730 for a service, the job's run time for a job.</summary>
    public double HoursPerMonth { get; init; } = 730;

    public PlacementPattern Pattern { get; init; } = new CloudPerWorkload();

    /// <summary>Areas its users are in (eu-west, us-east, ...); each must be within the SLO of a serving cluster.</summary>
    public IReadOnlyList<string> UserRegions { get; init; } = [];

    public double? LatencySloMs { get; init; }

    public IReadOnlyList<ServiceCall> Calls { get; init; } = [];

    /// <summary>GB per month sent to users on the internet, charged at the serving cluster's internet price.</summary>
    public double InternetEgressGbPerMonth { get; init; }

    /// <summary>The workload's own classification, if it handles data beyond what its datasets and lineage say.</summary>
    public DataClassification? Classification { get; init; }

    /// <summary>The workload's own residency (e.g. the use case's), if any.</summary>
    public string? Residency { get; init; }

    /// <summary>Feature views its model was trained on; they impose their classification and residency.</summary>
    public IReadOnlyList<LineageEntry> Lineage { get; init; } = [];
}
