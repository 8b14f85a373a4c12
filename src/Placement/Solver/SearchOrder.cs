namespace Reference.Placement.Solver;

/// <summary>
/// The order in which workloads are decided. The first is the most constrained (fewest
/// arrangements, then largest footprint, then name); after it, the open workload with the most
/// calls to decided ones comes next (ties again by constraint tightness). Deciding neighbours
/// together makes their pairwise egress exact early, which tightens the bound near the root,
/// and deciding tight workloads early brings capacity conflicts up to where pruning saves most.
/// </summary>
internal static class SearchOrder
{
    public static int[] Of(PlacementModel model, IEnumerable<int> workloads)
    {
        var open = workloads.OrderBy(w => model.Workloads[w].Candidates.Length)
            .ThenByDescending(w => Footprint(model.Workloads[w]))
            .ThenBy(w => model.Workloads[w].Name, StringComparer.Ordinal)
            .ToList();
        var links = new Dictionary<int, int>();
        var order = new List<int>(open.Count);
        while (open.Count > 0)
        {
            // `open` stays in tightness order, so the first with the most links wins ties.
            var next = open[0];
            var most = links.GetValueOrDefault(next);
            foreach (var w in open)
            {
                var count = links.GetValueOrDefault(w);
                if (count > most)
                {
                    most = count;
                    next = w;
                }
            }

            open.Remove(next);
            order.Add(next);
            foreach (var (_, other, _) in model.Adjacency[next])
            {
                links[other] = links.GetValueOrDefault(other) + 1;
            }
        }

        return order.ToArray();
    }

    private static double Footprint(WorkloadContext workload)
    {
        var w = workload.Workload;
        // One GPU is weighed like a large node's worth of CPUs: GPUs are the scarce resource.
        return w.Replicas * (w.PerReplica.Cpu + 64.0 * (w.PerReplica.Gpu?.Count ?? 0));
    }
}
