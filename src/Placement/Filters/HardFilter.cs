using System.Globalization;
using Reference.Placement.Clusters;
using Reference.Placement.Lineage;
using Reference.Placement.Plans;
using Reference.Placement.Policies;
using Reference.Placement.Workloads;

namespace Reference.Placement.Filters;

/// <summary>
/// The first stage (as in Karmada and OCM): rules out clusters a workload may never use, whatever
/// else is placed — policy rules, residency, GPU type and the cluster's total capacity. Every
/// reason is kept, not just the first, so that a conflict report can name all rules involved.
/// </summary>
internal sealed class HardFilter
{
    private readonly PolicySet _policies;
    private readonly HashSet<string> _residenciesWithRules;

    public HardFilter(PolicySet policies)
    {
        _policies = policies;
        _residenciesWithRules = policies.Rules.SelectMany(r => r.When.Residencies).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public List<ClusterRejection> Reasons(Workload workload, DataProfile profile, Cluster cluster)
    {
        var reasons = new List<ClusterRejection>();
        Policies(workload, profile, cluster, reasons);
        Residency(profile, cluster, reasons);
        var gpuOk = Gpu(workload, cluster, reasons);
        if (gpuOk)
        {
            Capacity(workload, cluster, reasons);
        }

        return reasons;
    }

    private void Policies(Workload workload, DataProfile profile, Cluster cluster, List<ClusterRejection> reasons)
    {
        foreach (var rule in _policies.Rules)
        {
            if (rule.When.Match(workload, profile) is not { } match)
            {
                continue;
            }

            var origins = match.Origins.Select(o => o.ToString()).ToList();
            if (rule.Require?.Unmet(cluster) is { } unmet)
            {
                reasons.Add(new ClusterRejection(cluster.Name, rule.Name, $"{match.Because}: {unmet}", origins));
            }

            if (rule.Forbid?.Hit(cluster) is { } hit)
            {
                reasons.Add(new ClusterRejection(cluster.Name, rule.Name, $"{match.Because}: {hit}", origins));
            }
        }
    }

    // A residency label with no rule of its own still binds: the data stays in the jurisdiction of that name.
    private void Residency(DataProfile profile, Cluster cluster, List<ClusterRejection> reasons)
    {
        foreach (var requirement in profile.Residencies)
        {
            if (_residenciesWithRules.Contains(requirement.Label)
                || string.Equals(cluster.Jurisdiction, requirement.Label, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            reasons.Add(new ClusterRejection(
                cluster.Name,
                ConstraintNames.DataResidency,
                $"residency {requirement.Label} (from {DataOrigin.Describe(requirement.ImposedBy)}): jurisdiction must be {requirement.Label}, is {cluster.Jurisdiction}",
                requirement.ImposedBy.Select(o => o.ToString()).ToList()));
        }
    }

    private static bool Gpu(Workload workload, Cluster cluster, List<ClusterRejection> reasons)
    {
        if (workload.PerReplica.Gpu is not { Count: > 0 } gpu)
        {
            return true;
        }

        if (cluster.Capacity.GpusOf(gpu.Type) == 0)
        {
            var has = cluster.Capacity.Gpus.Where(g => g.Value > 0).Select(g => g.Key).ToList();
            var hasText = has.Count == 0 ? "no GPUs at all" : $"only {string.Join(", ", has)}";
            reasons.Add(new ClusterRejection(cluster.Name, ConstraintNames.GpuType, $"needs {gpu.Type} GPUs; the cluster has {hasText}", []));
            return false;
        }

        if (!cluster.Prices.GpuHour.ContainsKey(gpu.Type))
        {
            reasons.Add(new ClusterRejection(cluster.Name, ConstraintNames.GpuType, $"the cluster has {gpu.Type} GPUs but no price for them", []));
            return false;
        }

        return true;
    }

    private static void Capacity(Workload workload, Cluster cluster, List<ClusterRejection> reasons)
    {
        var replicas = SmallestFootprint(workload);
        if (replicas > 0 && ExceedsTotal(workload, cluster, replicas) is { } problem)
        {
            reasons.Add(new ClusterRejection(cluster.Name, ConstraintNames.Capacity, problem, []));
        }
    }

    /// <summary>What a number of replicas would exceed in the cluster's total capacity, or null if they fit.</summary>
    public static string? ExceedsTotal(Workload workload, Cluster cluster, int replicas)
    {
        var need = workload.PerReplica;
        var problems = new List<string>();
        if (need.Cpu * replicas > cluster.Capacity.Cpu)
        {
            problems.Add($"{Number(need.Cpu * replicas)} vCPU");
        }

        if (need.MemoryGb * replicas > cluster.Capacity.MemoryGb)
        {
            problems.Add($"{Number(need.MemoryGb * replicas)} GB memory");
        }

        if (need.Gpu is { Count: > 0 } gpu && gpu.Count * replicas > cluster.Capacity.GpusOf(gpu.Type))
        {
            problems.Add($"{gpu.Count * replicas} {gpu.Type} GPUs");
        }

        if (problems.Count == 0)
        {
            return null;
        }

        return $"{replicas} replica{(replicas == 1 ? "" : "s")} need {string.Join(", ", problems)}; the cluster has {Number(cluster.Capacity.Cpu)} vCPU, "
            + $"{Number(cluster.Capacity.MemoryGb)} GB{(need.Gpu is { } g ? $", {cluster.Capacity.GpusOf(g.Type)} {g.Type}" : "")} in all";
    }

    /// <summary>
    /// The fewest replicas the workload's pattern could put on one cluster: a cluster too small even
    /// for that can be ruled out before the search. Larger roles are checked per arrangement.
    /// </summary>
    public static int SmallestFootprint(Workload workload) => workload.Pattern switch
    {
        Patterns.ActiveActive aa => SmallestShare(workload.Replicas, aa),
        Patterns.ActivePassive ap => Math.Min(workload.Replicas, ap.StandbyReplicas),
        Patterns.HybridBurst hb => Math.Min(workload.Replicas, hb.BurstReplicas ?? workload.Replicas),
        _ => workload.Replicas,
    };

    private static int SmallestShare(int replicas, Patterns.ActiveActive pattern)
    {
        var count = pattern.Clusters.Count > 0 ? pattern.Clusters.Count : pattern.Count;
        var weight = pattern.Weights.Count > 0 ? pattern.Weights.Min() / pattern.Weights.Sum() : 1.0 / Math.Max(1, count);
        return Solver.CandidateEnumerator.ActiveActiveReplicas(replicas, weight);
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
