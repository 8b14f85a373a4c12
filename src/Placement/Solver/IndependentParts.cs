namespace Reference.Placement.Solver;

/// <summary>
/// Splits the workloads into parts that cannot affect each other's cost or room: two workloads are in one part
/// when one calls the other, or when both may use a cluster whose capacity they could exhaust together (some
/// dimension where the largest demands of all workloads that may use it exceed what it has). Anything else that
/// couples workloads is a per-workload term (compute, dataset reads from fixed homes, internet), so the optimum
/// of the whole is the sum of the parts' optima and each part can be searched on its own.
/// </summary>
/// <remarks>
/// Why it matters: the branch and bound search proves a part by closing its own gap between plan and bound; for
/// independent parts searched together, every node of one part's tree is repeated under every open node of the
/// others, so a few small gaps multiply into a search that cannot finish. Platforms split this way by policy
/// (teams, jurisdictions, on-prem sites that only some workloads may use).
/// </remarks>
internal static class IndependentParts
{
    public static List<int[]> Of(PlacementModel model)
    {
        var count = model.Workloads.Length;
        var parent = Enumerable.Range(0, count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                // The smaller index stays the root, so parts come out in a stable order.
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        foreach (var edge in model.Edges)
        {
            Union(edge.First, edge.Second);
        }

        // Per (cluster, dimension): the largest amount each workload could hold there, and who could.
        var dimensions = model.Dimensions;
        var ledger = model.NewLedger();
        var largest = new Dictionary<int, Dictionary<int, double>>();
        for (var w = 0; w < count; w++)
        {
            foreach (var candidate in model.Workloads[w].Candidates)
            {
                foreach (var (cluster, dimension, amount) in candidate.Demands)
                {
                    var slot = cluster * dimensions + dimension;
                    if (!largest.TryGetValue(slot, out var byWorkload))
                    {
                        largest[slot] = byWorkload = [];
                    }

                    byWorkload[w] = Math.Max(byWorkload.GetValueOrDefault(w), amount);
                }
            }
        }

        foreach (var (slot, byWorkload) in largest.OrderBy(s => s.Key))
        {
            var capacity = ledger.Remaining(slot / dimensions, slot % dimensions);
            // The same tolerance as the ledger: a sum that only just fits does fit, so it couples nobody.
            if (byWorkload.Values.Sum() <= capacity + 1e-9)
            {
                continue;
            }

            var first = byWorkload.Keys.Min();
            foreach (var w in byWorkload.Keys)
            {
                Union(first, w);
            }
        }

        return Enumerable.Range(0, count).GroupBy(Find).OrderBy(g => g.Key).Select(g => g.Order().ToArray()).ToList();
    }
}
