using Reference.Placement.Plans;

namespace Reference.Placement;

/// <summary>
/// A set of rules and constraints that together leave some workloads nowhere to go: removing any
/// one of <see cref="Rules"/> (or adding the missing capacity) is a way out.
/// </summary>
/// <param name="Workloads">The workloads that cannot be placed together.</param>
/// <param name="Rules">Rule names and built-in constraints (capacity, latency-slo, ...) in conflict, sorted.</param>
/// <param name="Rejections">Every refusal behind it, cluster by cluster.</param>
public sealed record PlacementConflict(IReadOnlyList<string> Workloads, IReadOnlyList<string> Rules, IReadOnlyList<ClusterRejection> Rejections);
