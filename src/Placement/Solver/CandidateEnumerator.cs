using System.Globalization;
using Reference.Placement.Clusters;
using Reference.Placement.Costs;
using Reference.Placement.Filters;
using Reference.Placement.Patterns;
using Reference.Placement.Plans;

namespace Reference.Placement.Solver;

/// <summary>
/// Turns a workload's pattern into the arrangements the search chooses from, over the clusters
/// that passed the hard filters: one cluster; N clusters with weights; a primary/standby pair; an
/// on-prem base with its burst targets in cost order. Arrangements that break the latency SLO,
/// the pattern's separation or a cluster's total capacity are left out, and the reason is kept
/// for clusters that end up in no arrangement at all.
/// </summary>
internal sealed class CandidateEnumerator
{
    // Beyond this the pairwise tables of the search would not fit in memory; no platform needs it.
    public const int MaxCandidatesPerWorkload = 200_000;

    private readonly IReadOnlyList<Cluster> _clusters;
    private readonly LatencyTable _latency;
    private readonly CostModel _costs;
    private readonly Dictionary<string, int> _clusterIndex;
    private readonly int _gpuDimension;

    public CandidateEnumerator(IReadOnlyList<Cluster> clusters, LatencyTable latency, CostModel costs, Dictionary<string, int> clusterIndex, int gpuDimension)
    {
        _clusters = clusters;
        _latency = latency;
        _costs = costs;
        _clusterIndex = clusterIndex;
        _gpuDimension = gpuDimension;
    }

    public static int ActiveActiveReplicas(int replicas, double weight) => Math.Max(1, (int)Math.Ceiling(replicas * weight - 1e-9));

    public void Enumerate(WorkloadContext workload)
    {
        var notes = new Dictionary<int, List<ClusterRejection>>();
        var eligible = Enumerable.Range(0, _clusters.Count).Where(workload.IsEligible).ToList();
        var candidates = workload.Workload.Pattern switch
        {
            ActiveActive aa => ActiveActive(workload, aa, eligible, notes),
            ActivePassive ap => ActivePassive(workload, ap, eligible, notes),
            HybridBurst hb => HybridBurst(workload, hb, eligible, notes),
            _ => CloudPerWorkload(workload, eligible, notes),
        };

        foreach (var candidate in candidates)
        {
            candidate.ComputeCost = _costs.Compute(workload, candidate.Slots);
            candidate.UnaryCost = candidate.ComputeCost + _costs.DatasetReads(workload, candidate.Traffic) + _costs.Internet(workload, candidate.Traffic);
        }

        workload.Candidates = candidates.OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        foreach (var cluster in eligible)
        {
            if (!workload.Candidates.Any(c => c.Uses(cluster)))
            {
                workload.ArrangementRejections[cluster] = notes.TryGetValue(cluster, out var list) && list.Count > 0
                    ? Distinct(list)
                    : [new ClusterRejection(_clusters[cluster].Name, ConstraintNames.Pattern, $"no {workload.Workload.Pattern.Name} arrangement can include it", [])];
            }
        }
    }

    private List<Candidate> CloudPerWorkload(WorkloadContext workload, List<int> eligible, Dictionary<int, List<ClusterRejection>> notes)
    {
        var result = new List<Candidate>();
        foreach (var cluster in eligible)
        {
            var slots = new[] { new CandidateSlot(cluster, AssignmentRole.Active, 1, workload.Workload.Replicas, workload.Workload.HoursPerMonth, true, 0) };
            if (Check(workload, slots, notes))
            {
                result.Add(Build(workload, slots, _clusters[cluster].Name));
            }
        }

        return result;
    }

    private List<Candidate> ActiveActive(WorkloadContext workload, ActiveActive pattern, List<int> eligible, Dictionary<int, List<ClusterRejection>> notes)
    {
        var result = new List<Candidate>();
        var fixedClusters = pattern.Clusters.Select(name => _clusterIndex[name]).ToList();
        var count = fixedClusters.Count > 0 ? fixedClusters.Count : pattern.Count;
        var weights = Normalise(pattern.Weights.Count > 0 ? pattern.Weights : Enumerable.Repeat(1.0, count).ToList());

        if (fixedClusters.Count > 0)
        {
            Note(notes, eligible.Where(c => !fixedClusters.Contains(c)), ConstraintNames.Pattern, $"active-active is fixed to {string.Join(", ", pattern.Clusters)}");
            if (fixedClusters.All(workload.IsEligible) && Separated(fixedClusters, pattern.Separation, notes))
            {
                TryAddActiveActive(workload, fixedClusters, weights, notes, result);
            }

            return result;
        }

        if (eligible.Count < count)
        {
            Note(notes, eligible, ConstraintNames.Pattern, $"active-active needs {count} eligible clusters; only {eligible.Count} passed the filters");
            return result;
        }

        var permutations = DistinctPermutations(weights);
        foreach (var combination in Combinations(eligible, count))
        {
            if (!Separated(combination, pattern.Separation, notes))
            {
                continue;
            }

            foreach (var permutation in permutations)
            {
                TryAddActiveActive(workload, combination, permutation, notes, result);
                if (result.Count > MaxCandidatesPerWorkload)
                {
                    throw new PlacementInputException([$"workload '{workload.Name}': active-active over {eligible.Count} clusters has more than {MaxCandidatesPerWorkload} arrangements; lower its count or fix its clusters"]);
                }
            }
        }

        return result;
    }

    private void TryAddActiveActive(WorkloadContext workload, IReadOnlyList<int> clusters, IReadOnlyList<double> weights, Dictionary<int, List<ClusterRejection>> notes, List<Candidate> result)
    {
        var slots = new CandidateSlot[clusters.Count];
        for (var i = 0; i < clusters.Count; i++)
        {
            slots[i] = new CandidateSlot(clusters[i], AssignmentRole.Active, weights[i], ActiveActiveReplicas(workload.Workload.Replicas, weights[i]), workload.Workload.HoursPerMonth, true, 0);
        }

        if (Check(workload, slots, notes))
        {
            var key = string.Join("+", slots.Select(s => $"{_clusters[s.Cluster].Name}@{s.Weight.ToString("0.####", CultureInfo.InvariantCulture)}"));
            result.Add(Build(workload, slots, key));
        }
    }

    private List<Candidate> ActivePassive(WorkloadContext workload, ActivePassive pattern, List<int> eligible, Dictionary<int, List<ClusterRejection>> notes)
    {
        var result = new List<Candidate>();
        var primaries = pattern.Primary is { } p ? [_clusterIndex[p]] : eligible;
        var standbys = pattern.Standby is { } s ? [_clusterIndex[s]] : eligible;
        var allowed = primaries.Concat(standbys).ToHashSet();
        Note(notes, eligible.Where(c => !allowed.Contains(c)), ConstraintNames.Pattern, $"active-passive is fixed to primary {pattern.Primary ?? "any"}, standby {pattern.Standby ?? "any"}");

        foreach (var primary in primaries.Where(workload.IsEligible))
        {
            foreach (var standby in standbys.Where(workload.IsEligible))
            {
                if (primary == standby || !Separated([primary, standby], pattern.Separation, notes))
                {
                    continue;
                }

                var slots = new[]
                {
                    new CandidateSlot(primary, AssignmentRole.Primary, 1, workload.Workload.Replicas, workload.Workload.HoursPerMonth, true, 0),
                    new CandidateSlot(standby, AssignmentRole.Standby, 0, pattern.StandbyReplicas, workload.Workload.HoursPerMonth, true, 0),
                };
                if (Check(workload, slots, notes))
                {
                    result.Add(Build(workload, slots, $"{_clusters[primary].Name}>{_clusters[standby].Name}"));
                }
            }
        }

        return result;
    }

    private List<Candidate> HybridBurst(WorkloadContext workload, HybridBurst pattern, List<int> eligible, Dictionary<int, List<ClusterRejection>> notes)
    {
        var w = workload.Workload;
        var burstReplicas = pattern.BurstReplicas ?? w.Replicas;
        // Share of the month's traffic served from the burst target: the burst's share of replicas while bursting.
        var burstShare = w.HoursPerMonth <= 0 ? 0 : Math.Min(1, pattern.BurstHoursPerMonth / w.HoursPerMonth) * burstReplicas / (double)(w.Replicas + burstReplicas);

        var bases = pattern.Base is { } b ? [_clusterIndex[b]] : eligible.Where(c => _clusters[c].Provider == CloudProvider.OnPrem).ToList();
        var listed = pattern.Burst.Select(name => _clusterIndex[name]).ToHashSet();
        var targets = new List<(int Cluster, long Cost)>();
        foreach (var cluster in eligible)
        {
            if (_clusters[cluster].Provider == CloudProvider.OnPrem)
            {
                if (!bases.Contains(cluster))
                {
                    Note(notes, [cluster], ConstraintNames.Pattern, pattern.Base is null ? "hybrid-burst bursts to clouds only" : $"hybrid-burst base is fixed to {pattern.Base}; bursts go to clouds");
                }

                continue;
            }

            if (listed.Count > 0 && !listed.Contains(cluster))
            {
                Note(notes, [cluster], ConstraintNames.Pattern, $"not among the burst targets ({string.Join(", ", pattern.Burst)})");
                continue;
            }

            if (HardFilter.ExceedsTotal(w, _clusters[cluster], burstReplicas) is { } tooSmall)
            {
                Note(notes, [cluster], ConstraintNames.Capacity, $"as burst target: {tooSmall}");
                continue;
            }

            // Burst targets are ranked by what a month's expected burst would cost there on its own.
            var slot = new CandidateSlot(cluster, AssignmentRole.Burst, burstShare, burstReplicas, pattern.BurstHoursPerMonth, false, 1);
            var traffic = new[] { (cluster, burstShare) };
            targets.Add((cluster, _costs.Compute(workload, [slot]) + _costs.DatasetReads(workload, traffic) + _costs.Internet(workload, traffic)));
        }

        var order = targets.OrderBy(t => t.Cost).ThenBy(t => _clusters[t.Cluster].Name, StringComparer.Ordinal).Select(t => t.Cluster).ToList();
        var result = new List<Candidate>();
        if (order.Count == 0)
        {
            Note(notes, bases.Where(workload.IsEligible), ConstraintNames.Pattern, "hybrid-burst needs at least one eligible cloud cluster to burst to, and none passed the filters");
            return result;
        }

        foreach (var baseCluster in bases.Where(workload.IsEligible))
        {
            var slots = new List<CandidateSlot> { new(baseCluster, AssignmentRole.Base, 1 - burstShare, w.Replicas, w.HoursPerMonth, true, 0) };
            for (var rank = 0; rank < order.Count; rank++)
            {
                // Only the first target is costed; the rest are the fallbacks the publisher lists in order.
                slots.Add(new CandidateSlot(order[rank], AssignmentRole.Burst, rank == 0 ? burstShare : 0, burstReplicas, rank == 0 ? pattern.BurstHoursPerMonth : 0, false, rank + 1));
            }

            var array = slots.ToArray();
            if (Check(workload, array, notes))
            {
                result.Add(Build(workload, array, _clusters[baseCluster].Name));
            }
        }

        return result;
    }

    /// <summary>Per-arrangement checks: every reserving slot fits the cluster's total capacity, and the SLO holds.</summary>
    private bool Check(WorkloadContext workload, CandidateSlot[] slots, Dictionary<int, List<ClusterRejection>> notes)
    {
        var ok = true;
        foreach (var slot in slots)
        {
            if (slot.Reserves && HardFilter.ExceedsTotal(workload.Workload, _clusters[slot.Cluster], slot.Replicas) is { } problem)
            {
                Note(notes, [slot.Cluster], ConstraintNames.Capacity, $"as {CostModel.RoleName(slot.Role)}: {problem}");
                ok = false;
            }
        }

        if (!ok)
        {
            return false;
        }

        var serving = slots.Where(s => s.Weight > 0 && s.Role != AssignmentRole.Burst).Select(s => s.Cluster).ToList();
        if (LatencyProblem(workload, serving) is { } latency)
        {
            Note(notes, serving, ConstraintNames.LatencySlo, latency);
            return false;
        }

        return true;
    }

    /// <summary>Each user region must be within the SLO of at least one serving cluster.</summary>
    public string? LatencyProblem(WorkloadContext workload, IReadOnlyList<int> serving)
    {
        var w = workload.Workload;
        if (w.LatencySloMs is not { } slo || w.UserRegions.Count == 0)
        {
            return null;
        }

        var misses = new List<string>();
        foreach (var region in w.UserRegions)
        {
            var nearest = serving.Select(c => _latency.Between(_clusters[c].Location, region)).Where(ms => ms is not null).Select(ms => ms!.Value).DefaultIfEmpty(double.PositiveInfinity).Min();
            if (nearest > slo)
            {
                misses.Add(double.IsPositiveInfinity(nearest)
                    ? $"no latency figure from {string.Join(", ", serving.Select(c => _clusters[c].Location).Distinct())} to users in {region}"
                    : $"users in {region} are {nearest.ToString("0.#", CultureInfo.InvariantCulture)} ms away");
            }
        }

        return misses.Count == 0 ? null : $"{string.Join("; ", misses)} (SLO {slo.ToString("0.#", CultureInfo.InvariantCulture)} ms)";
    }

    private bool Separated(IReadOnlyList<int> clusters, Separation separation, Dictionary<int, List<ClusterRejection>> notes)
    {
        for (var i = 0; i < clusters.Count; i++)
        {
            for (var j = i + 1; j < clusters.Count; j++)
            {
                var a = _clusters[clusters[i]];
                var b = _clusters[clusters[j]];
                var tooClose = separation switch
                {
                    Separation.Provider => a.Provider == b.Provider,
                    Separation.Region => a.Provider == b.Provider && a.Region == b.Region,
                    _ => false,
                };
                if (tooClose)
                {
                    var what = separation == Separation.Provider ? "providers" : "regions";
                    Note(notes, [clusters[i], clusters[j]], ConstraintNames.Pattern, $"needs clusters in different {what}; no eligible partner qualifies");
                    return false;
                }
            }
        }

        return true;
    }

    private Candidate Build(WorkloadContext workload, CandidateSlot[] slots, string key)
    {
        var demands = new List<(int, int, double)>();
        var need = workload.Workload.PerReplica;
        foreach (var slot in slots.Where(s => s.Reserves && s.Replicas > 0))
        {
            demands.Add((slot.Cluster, 0, need.Cpu * slot.Replicas));
            demands.Add((slot.Cluster, 1, need.MemoryGb * slot.Replicas));
            if (need.Gpu is { Count: > 0 } gpu)
            {
                demands.Add((slot.Cluster, _gpuDimension + GpuTypeIndex(gpu.Type), gpu.Count * slot.Replicas));
            }
        }

        return new Candidate
        {
            Slots = slots,
            Key = key,
            Traffic = slots.Where(s => s.Weight > 0).Select(s => (s.Cluster, s.Weight)).ToArray(),
            Demands = demands.ToArray(),
        };
    }

    public IReadOnlyList<string> GpuTypes { get; init; } = [];

    private int GpuTypeIndex(string type)
    {
        for (var i = 0; i < GpuTypes.Count; i++)
        {
            if (GpuTypes[i] == type)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"GPU type {type} has no capacity dimension.");
    }

    private void Note(Dictionary<int, List<ClusterRejection>> notes, IEnumerable<int> clusters, string constraint, string detail)
    {
        foreach (var cluster in clusters)
        {
            if (!notes.TryGetValue(cluster, out var list))
            {
                notes[cluster] = list = [];
            }

            list.Add(new ClusterRejection(_clusters[cluster].Name, constraint, detail, []));
        }
    }

    // One line per constraint is enough to explain a cluster; the first detail seen stands for the rest.
    private static List<ClusterRejection> Distinct(List<ClusterRejection> list) =>
        list.GroupBy(r => r.Constraint, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.First()).ToList();

    private static List<double> Normalise(IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        return weights.Select(w => w / sum).ToList();
    }

    private static List<List<double>> DistinctPermutations(List<double> weights)
    {
        var result = new List<List<double>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Permute(weights.ToArray(), 0, result, seen);
        return result;
    }

    private static void Permute(double[] values, int start, List<List<double>> result, HashSet<string> seen)
    {
        if (start == values.Length)
        {
            if (seen.Add(string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))))
            {
                result.Add([.. values]);
            }

            return;
        }

        for (var i = start; i < values.Length; i++)
        {
            (values[start], values[i]) = (values[i], values[start]);
            Permute(values, start + 1, result, seen);
            (values[start], values[i]) = (values[i], values[start]);
        }
    }

    private static IEnumerable<List<int>> Combinations(List<int> items, int size)
    {
        var indices = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return indices.Select(i => items[i]).ToList();
            var k = size - 1;
            while (k >= 0 && indices[k] == items.Count - size + k)
            {
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            indices[k]++;
            for (var j = k + 1; j < size; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }
}
