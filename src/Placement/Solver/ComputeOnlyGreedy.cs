namespace Reference.Placement.Solver;

/// <summary>
/// The baseline that ignores data gravity: each workload in turn (same order as the search) takes
/// the arrangement with the cheapest compute that still fits, whatever its egress. Reports measure
/// the egress the exact plan avoids against it; benchmarks measure cost and time against it.
/// </summary>
internal static class ComputeOnlyGreedy
{
    /// <summary>Candidate index per workload, or null when the greedy order runs out of capacity.</summary>
    public static int[]? Solve(PlacementModel model)
    {
        var ledger = model.NewLedger();
        var chosen = new int[model.Workloads.Length];
        foreach (var u in SearchOrder.Of(model, Enumerable.Range(0, model.Workloads.Length)))
        {
            var candidates = model.Workloads[u].Candidates;
            var best = -1;
            for (var o = 0; o < candidates.Length; o++)
            {
                if (ledger.Fits(candidates[o]) && (best < 0 || candidates[o].ComputeCost < candidates[best].ComputeCost))
                {
                    best = o;
                }
            }

            if (best < 0)
            {
                return null;
            }

            ledger.Take(candidates[best]);
            chosen[u] = best;
        }

        return chosen;
    }
}
