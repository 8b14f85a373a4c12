namespace Reference.Placement.Plans;

/// <summary>One line of a workload's monthly cost.</summary>
/// <param name="Cause">What it pays for.</param>
/// <param name="Subject">The role (compute), the dataset, the called workload, or "users".</param>
/// <param name="Cluster">The cluster that bills it (the sender, for egress).</param>
/// <param name="ToCluster">Where the data goes (the same cluster for compute and internet).</param>
/// <param name="Gb">GB per month moved (0 for compute).</param>
/// <param name="Cost">US dollars per month.</param>
public sealed record CostLine(CostCause Cause, string Subject, string Cluster, string ToCluster, double Gb, decimal Cost);
