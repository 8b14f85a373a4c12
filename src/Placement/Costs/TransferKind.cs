namespace Reference.Placement.Costs;

/// <summary>The kind of network hop between two clusters, which decides the egress price.</summary>
public enum TransferKind
{
    SameCluster,
    IntraRegion,
    InterRegion,
    InterCloud,
    Interconnect,
}
