namespace Reference.Placement.Solver;

/// <summary>
/// One way to place one workload (a cluster, a set of active clusters with weights, a primary and
/// standby pair, or a base with its burst order). The solver picks exactly one per workload.
/// </summary>
internal sealed class Candidate
{
    public required CandidateSlot[] Slots { get; init; }

    /// <summary>Stable text used to break cost ties by cluster name.</summary>
    public required string Key { get; init; }

    /// <summary>Where the traffic goes: (cluster, share), shares summing to 1.</summary>
    public required (int Cluster, double Share)[] Traffic { get; init; }

    /// <summary>Capacity held: (cluster, dimension, amount); see <see cref="CapacityLedger"/>.</summary>
    public required (int Cluster, int Dimension, double Amount)[] Demands { get; init; }

    public long ComputeCost { get; set; }

    /// <summary>Compute plus the egress that does not depend on other workloads (dataset reads, internet).</summary>
    public long UnaryCost { get; set; }

    public bool Uses(int cluster)
    {
        foreach (var slot in Slots)
        {
            if (slot.Cluster == cluster)
            {
                return true;
            }
        }

        return false;
    }
}
