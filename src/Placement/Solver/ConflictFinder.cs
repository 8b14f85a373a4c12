using Reference.Placement.Plans;

namespace Reference.Placement.Solver;

/// <summary>
/// Explains infeasibility as a small set of conflicting rules. A workload with no arrangement at
/// all gets the fewest constraints that together reject every cluster (greedy set cover, then any
/// constraint the others already cover is dropped, so the set is irreducible). When every workload
/// has arrangements but they cannot share the capacity, workloads are dropped one at a time while
/// the rest stay infeasible, leaving a minimal group; its conflict is capacity plus the rules that
/// confine the group to the full clusters.
/// </summary>
internal static class ConflictFinder
{
    public static List<PlacementConflict> Unplaceable(PlacementModel model)
    {
        var conflicts = new List<PlacementConflict>();
        foreach (var context in model.Workloads.Where(w => w.Candidates.Length == 0))
        {
            var reasons = Enumerable.Range(0, model.Clusters.Count)
                .Select(c => context.FilterRejections.GetValueOrDefault(c) ?? context.ArrangementRejections.GetValueOrDefault(c) ?? [])
                .ToList();
            var cover = Cover(reasons);
            var rejections = reasons.SelectMany(r => r).Where(r => cover.Contains(r.Constraint))
                .OrderBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Constraint, StringComparer.Ordinal).ToList();
            conflicts.Add(new PlacementConflict([context.Name], cover.Order(StringComparer.Ordinal).ToList(), rejections));
        }

        return conflicts;
    }

    public static PlacementConflict Capacity(PlacementModel model, long maxWork)
    {
        var group = Enumerable.Range(0, model.Workloads.Length).ToList();
        foreach (var w in Enumerable.Range(0, model.Workloads.Length))
        {
            var without = group.Where(x => x != w).ToList();
            var result = new BranchAndBoundSearch(model, without, maxWork, stopAtFirst: true).Run();
            if (result.Complete && result.Assignment is null)
            {
                group = without;
            }
        }

        var contexts = group.Select(w => model.Workloads[w]).ToList();
        // The group is confined to the clusters its arrangements use; the rules that keep it off
        // every other cluster are part of the conflict (the fewest of them that do so).
        var confinement = contexts.SelectMany(context =>
        {
            var used = context.Candidates.SelectMany(k => k.Slots.Select(s => s.Cluster)).ToHashSet();
            return Enumerable.Range(0, model.Clusters.Count).Where(c => !used.Contains(c))
                .Select(c => context.FilterRejections.GetValueOrDefault(c) ?? context.ArrangementRejections.GetValueOrDefault(c) ?? []);
        }).ToList();
        var cover = Cover(confinement);
        var rejections = confinement.SelectMany(r => r).Where(r => cover.Contains(r.Constraint)).Distinct().ToList();
        var usable = contexts.SelectMany(c => c.Candidates.SelectMany(k => k.Demands.Select(d => d.Cluster))).Distinct().Order().ToList();
        var names = string.Join(", ", contexts.Select(c => c.Name));
        foreach (var cluster in usable)
        {
            var c = model.Clusters[cluster];
            var gpus = c.Capacity.Gpus.Where(g => g.Value > 0).Select(g => $", {g.Value} {g.Key}");
            rejections.Add(new ClusterRejection(c.Name, ConstraintNames.Capacity, $"{c.Capacity.Cpu} vCPU, {c.Capacity.MemoryGb} GB{string.Concat(gpus)} cannot hold {names} together", []));
        }

        var rules = cover.Append(ConstraintNames.Capacity).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new PlacementConflict(
            contexts.Select(c => c.Name).ToList(),
            rules,
            rejections.OrderBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Constraint, StringComparer.Ordinal).ThenBy(r => r.Detail, StringComparer.Ordinal).ToList());
    }

    private static HashSet<string> Cover(List<List<ClusterRejection>> reasons)
    {
        var sets = reasons.Select(r => r.Select(x => x.Constraint).ToHashSet(StringComparer.Ordinal)).ToList();
        var uncovered = Enumerable.Range(0, sets.Count).ToHashSet();
        var chosen = new List<string>();
        while (uncovered.Count > 0)
        {
            var best = uncovered.SelectMany(i => sets[i]).Distinct(StringComparer.Ordinal)
                .Select(name => (name, count: uncovered.Count(i => sets[i].Contains(name))))
                .OrderByDescending(x => x.count).ThenBy(x => x.name, StringComparer.Ordinal)
                .Select(x => x.name).FirstOrDefault();
            if (best is null)
            {
                break;
            }

            chosen.Add(best);
            uncovered.RemoveWhere(i => sets[i].Contains(best));
        }

        for (var i = chosen.Count - 1; i >= 0; i--)
        {
            var rest = chosen.Where((_, j) => j != i).ToHashSet(StringComparer.Ordinal);
            if (sets.All(s => s.Overlaps(rest)))
            {
                chosen.RemoveAt(i);
            }
        }

        return chosen.ToHashSet(StringComparer.Ordinal);
    }
}
