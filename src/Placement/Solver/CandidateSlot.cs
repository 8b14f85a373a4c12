using Reference.Placement.Plans;

namespace Reference.Placement.Solver;

/// <summary>One cluster's part in a candidate arrangement.</summary>
/// <param name="Cluster">Index into the model's clusters.</param>
/// <param name="Role">What the cluster does.</param>
/// <param name="Weight">Share of the workload's traffic (and so of its data reads and calls).</param>
/// <param name="Replicas">Replicas run there.</param>
/// <param name="Hours">Hours per month those replicas are paid for.</param>
/// <param name="Reserves">Whether the replicas hold capacity (burst targets are elastic and do not).</param>
/// <param name="BurstRank">1-based order of a burst target, 0 otherwise.</param>
internal readonly record struct CandidateSlot(int Cluster, AssignmentRole Role, double Weight, int Replicas, double Hours, bool Reserves, int BurstRank);
