namespace Reference.Placement.Plans;

/// <summary>A workload as seen from the cluster it runs on (what the publisher deploys there).</summary>
public sealed record ClusterWorkload(string Workload, AssignmentRole Role, double Weight, int Replicas, int? BurstRank = null);
