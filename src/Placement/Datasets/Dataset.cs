namespace Reference.Placement.Datasets;

/// <summary>
/// Data that lives on one cluster and is read by workloads. Reads from another cluster pay egress,
/// which is what pulls compute towards the data (data gravity).
/// </summary>
public sealed record Dataset
{
    public required string Name { get; init; }

    /// <summary>The cluster the data lives on (its storage is not moved by placement).</summary>
    public required string HomeCluster { get; init; }

    public double SizeGb { get; init; }

    public DataClassification Classification { get; init; } = DataClassification.Internal;

    /// <summary>Where the data must stay (eu, us, ...); null or "any" for no constraint.</summary>
    public string? Residency { get; init; }

    /// <summary>GB read per month by each workload, keyed by workload name.</summary>
    public IReadOnlyDictionary<string, double> MonthlyReadsGb { get; init; } = new Dictionary<string, double>();
}
