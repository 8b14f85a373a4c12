namespace Reference.Placement.Plans;

/// <summary>Why a cluster was not chosen for a workload.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Constraint">The policy rule's name, or one of <see cref="ConstraintNames"/>.</param>
/// <param name="Detail">A sentence a person can act on.</param>
/// <param name="ImposedBy">Data that made the rule apply (feature views, datasets), e.g. "feature view card_txn_stats".</param>
public sealed record ClusterRejection(string Cluster, string Constraint, string Detail, IReadOnlyList<string> ImposedBy);
