using Reference.Placement.Lineage;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;

namespace Reference.Placement.Solver;

/// <summary>Everything the solver knows about one workload, indexed against the model's clusters.</summary>
internal sealed class WorkloadContext
{
    public required Workload Workload { get; init; }

    public required int Index { get; init; }

    public required DataProfile Profile { get; init; }

    /// <summary>Datasets it reads: (home cluster, GB per month, dataset name), by dataset name.</summary>
    public required (int Home, double Gb, string Dataset)[] Reads { get; init; }

    /// <summary>Workloads it calls: (target workload, GB per month), merged per target, by target.</summary>
    public required (int Target, double Gb)[] Calls { get; init; }

    /// <summary>Cost of one replica-hour on each cluster; null where the cluster cannot price its GPU.</summary>
    public required double?[] HourlyCost { get; init; }

    /// <summary>Hard-filter refusals (policy, residency, GPU type, capacity), per cluster. Absent = eligible.</summary>
    public Dictionary<int, List<ClusterRejection>> FilterRejections { get; } = [];

    /// <summary>Why an eligible cluster appears in no arrangement (latency, pattern, per-cluster capacity).</summary>
    public Dictionary<int, List<ClusterRejection>> ArrangementRejections { get; } = [];

    /// <summary>The arrangements to choose from, ordered by <see cref="Candidate.Key"/>.</summary>
    public Candidate[] Candidates { get; set; } = [];

    public string Name => Workload.Name;

    public bool IsEligible(int cluster) => !FilterRejections.ContainsKey(cluster);
}
