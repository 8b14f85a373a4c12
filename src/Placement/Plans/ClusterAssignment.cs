namespace Reference.Placement.Plans;

/// <summary>One cluster a workload is placed on.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Role">What it does for the workload.</param>
/// <param name="Weight">Its share of the traffic in normal operation (0 for a standby or a fallback burst target).</param>
/// <param name="Replicas">Replicas to run there (during a burst, for a burst target).</param>
/// <param name="BurstRank">1 for the cheapest burst target, 2 for the next, ...; null for other roles.</param>
public sealed record ClusterAssignment(string Cluster, AssignmentRole Role, double Weight, int Replicas, int? BurstRank = null);
