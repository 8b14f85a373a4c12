using Reference.Placement.Plans;
using Reference.Placement.Solver;

namespace Reference.Placement;

/// <summary>
/// Places workloads on clusters in two stages, as Karmada and OCM do: hard filters (policy rules,
/// residency and classification through lineage, GPU type, capacity), then an exact choice that
/// minimises monthly cost (compute + egress) under latency SLOs and shared capacity.
/// </summary>
public static class PlacementEngine
{
    /// <exception cref="PlacementInputException">The input is malformed (unknown names, impossible numbers).</exception>
    /// <exception cref="PlacementInfeasibleException">No placement satisfies every rule; carries the conflicting rules.</exception>
    public static PlacementPlan Solve(PlacementProblem problem, PlacementOptions? options = null)
    {
        options ??= new PlacementOptions();
        var model = PlacementModel.Build(problem);
        var unplaceable = ConflictFinder.Unplaceable(model);
        if (unplaceable.Count > 0)
        {
            throw new PlacementInfeasibleException(unplaceable);
        }

        var everyone = Enumerable.Range(0, model.Workloads.Length);
        var builder = new PlanBuilder(model);
        if (options.Strategy == PlacementStrategy.ComputeOnlyGreedy)
        {
            var greedy = ComputeOnlyGreedy.Solve(model);
            if (greedy is null)
            {
                // Greedy has no proof of infeasibility; only the exact search can say the capacity truly conflicts.
                var exact = new BranchAndBoundSearch(model, everyone, options.MaxSearchWork, stopAtFirst: true).Run();
                if (exact.Assignment is null && exact.Complete)
                {
                    throw new PlacementInfeasibleException([ConflictFinder.Capacity(model, options.MaxSearchWork)]);
                }

                throw new InvalidOperationException("Compute-only greedy ran out of capacity, although a placement exists; use the optimal strategy.");
            }

            return builder.Build(greedy, PlacementStrategyNames.ComputeOnlyGreedy, new SearchResult(greedy, model.TotalCost(greedy), model.Workloads.Length, true), null);
        }

        var result = SearchByParts(model, options.MaxSearchWork);
        if (result.Assignment is null && !result.Complete)
        {
            throw new InvalidOperationException($"The search used its budget of {options.MaxSearchWork} evaluations without finding a placement; raise MaxSearchWork.");
        }

        if (result.Assignment is null)
        {
            throw new PlacementInfeasibleException([ConflictFinder.Capacity(model, options.MaxSearchWork)]);
        }

        var baseline = options.CompareWithGreedy ? ComputeOnlyGreedy.Solve(model) : null;
        var plan = builder.Build(result.Assignment, PlacementStrategyNames.Optimal, result, baseline);
        return options.CompareWithGreedy ? plan : plan with { ComparedWithGreedy = null };
    }

    /// <summary>
    /// Searches each independent part (<see cref="IndependentParts"/>) on its own, each with the whole budget, and
    /// joins the results: the plan is the union, its cost and lower bound the sums, proved when every part is.
    /// </summary>
    private static SearchResult SearchByParts(PlacementModel model, long maxWork)
    {
        var parts = IndependentParts.Of(model);
        if (parts.Count <= 1)
        {
            return new BranchAndBoundSearch(model, Enumerable.Range(0, model.Workloads.Length), maxWork).Run();
        }

        var assignment = new int[model.Workloads.Length];
        long cost = 0, nodes = 0, lowerBound = 0;
        var complete = true;
        var found = true;
        foreach (var part in parts)
        {
            var result = new BranchAndBoundSearch(model, part, maxWork).Run();
            nodes += result.Nodes;
            complete &= result.Complete;
            if (result.Assignment is null)
            {
                found = false;
                if (result.Complete)
                {
                    // This part alone has no plan, so the whole has none.
                    return new SearchResult(null, long.MaxValue, nodes, true, long.MaxValue);
                }

                continue;
            }

            foreach (var w in part)
            {
                assignment[w] = result.Assignment[w];
            }

            cost += result.Cost;
            lowerBound += result.LowerBound;
        }

        return found
            ? new SearchResult(assignment, cost, nodes, complete, complete ? cost : lowerBound)
            : new SearchResult(null, long.MaxValue, nodes, false, 0);
    }
}
