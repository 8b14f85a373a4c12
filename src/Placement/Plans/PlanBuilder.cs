using Reference.Placement.Costs;
using Reference.Placement.Solver;

namespace Reference.Placement.Plans;

/// <summary>Turns a chosen arrangement per workload into a <see cref="PlacementPlan"/> with explanations and cost tables.</summary>
internal sealed class PlanBuilder(PlacementModel model)
{
    private readonly RejectionExplainer rejections = new(model);

    public PlacementPlan Build(int[] assignment, string strategy, SearchResult search, int[]? greedy)
    {
        var workloads = new List<WorkloadPlacement>();
        var allLines = new List<Charge>();
        foreach (var context in model.Workloads)
        {
            var lines = Charges(assignment, context.Index);
            allLines.AddRange(lines);
            workloads.Add(Explain(assignment, context, lines, strategy));
        }

        var summary = Summarise(allLines);
        GreedyComparison? comparison = null;
        if (greedy is not null || strategy == PlacementStrategyNames.Optimal)
        {
            comparison = greedy is null
                ? new GreedyComparison(false, null, null, null, null)
                : Compare(summary, Summarise(Enumerable.Range(0, model.Workloads.Length).SelectMany(w => Charges(greedy, w)).ToList()));
        }

        var allocations = ClusterAllocations.Of(model, assignment, allLines);
        return new PlacementPlan
        {
            Strategy = strategy,
            ProvedOptimal = search.Complete && strategy == PlacementStrategyNames.Optimal,
            SearchNodes = search.Nodes,
            LowerBound = strategy == PlacementStrategyNames.Optimal ? MicroDollars.ToDollars(search.LowerBound) : 0,
            PricesReadOn = model.Problem.Catalogue.PricesReadOn,
            Cost = summary,
            ComparedWithGreedy = comparison,
            Workloads = workloads,
            Clusters = allocations,
            EstimatedPrices = allocations.Where(a => a.Workloads.Count > 0)
                .Where(a => model.Problem.Catalogue.Find(a.Cluster) is { PriceCheck.FullyVerified: false })
                .Select(a => a.Cluster).ToList(),
        };
    }

    /// <summary>All cost lines of one workload: compute, dataset reads, its own calls (as caller), internet.</summary>
    public List<Charge> Charges(int[] assignment, int workload)
    {
        var context = model.Workloads[workload];
        var candidate = context.Candidates[assignment[workload]];
        var lines = new List<Charge>();
        model.Costs.Compute(context, candidate.Slots, lines);
        model.Costs.DatasetReads(context, candidate.Traffic, lines);
        foreach (var (target, gb) in context.Calls)
        {
            var callee = model.Workloads[target];
            model.Costs.Calls(gb, candidate.Traffic, callee.Candidates[assignment[target]].Traffic, callee.Name, lines);
        }

        model.Costs.Internet(context, candidate.Traffic, lines);
        return lines;
    }

    private WorkloadPlacement Explain(int[] assignment, WorkloadContext context, List<Charge> lines, string strategy)
    {
        var chosen = context.Candidates[assignment[context.Index]];
        var costLines = lines.Select(l => new CostLine(l.Cause, l.Subject, model.Clusters[l.From].Name, model.Clusters[l.To].Name, l.Gb, MicroDollars.ToDollars(l.Micro))).ToList();
        var compute = Sum(lines, CostCause.Compute);
        var dataset = Sum(lines, CostCause.DatasetRead);
        var calls = Sum(lines, CostCause.ServiceCall);
        var internet = Sum(lines, CostCause.Internet);
        return new WorkloadPlacement
        {
            Workload = context.Name,
            Kind = context.Workload.Kind,
            Pattern = context.Workload.Pattern.Name,
            Classification = context.Profile.Classification,
            Residency = context.Profile.Residencies.Select(r => r.Label).ToList(),
            Assignments = chosen.Slots.Select(s => new ClusterAssignment(model.Clusters[s.Cluster].Name, s.Role, s.Weight, s.Replicas, s.BurstRank > 0 ? s.BurstRank : null)).ToList(),
            Cost = new CostBreakdown(
                MicroDollars.ToDollars(compute),
                MicroDollars.ToDollars(dataset),
                MicroDollars.ToDollars(calls),
                MicroDollars.ToDollars(internet),
                MicroDollars.ToDollars(dataset + calls + internet),
                MicroDollars.ToDollars(compute + dataset + calls + internet),
                costLines),
            Rejections = rejections.For(assignment, context, chosen, strategy),
        };
    }

    private static CostSummary Summarise(List<Charge> lines)
    {
        var compute = Sum(lines, CostCause.Compute);
        var dataset = Sum(lines, CostCause.DatasetRead);
        var calls = Sum(lines, CostCause.ServiceCall);
        var internet = Sum(lines, CostCause.Internet);
        return new CostSummary(
            MicroDollars.ToDollars(compute),
            MicroDollars.ToDollars(dataset),
            MicroDollars.ToDollars(calls),
            MicroDollars.ToDollars(internet),
            MicroDollars.ToDollars(dataset + calls + internet),
            MicroDollars.ToDollars(compute + dataset + calls + internet));
    }

    private static GreedyComparison Compare(CostSummary plan, CostSummary greedy) =>
        new(true, greedy.Total, greedy.Egress, greedy.Egress - plan.Egress, greedy.Total - plan.Total);

    internal static long Sum(List<Charge> lines, CostCause cause)
    {
        long total = 0;
        foreach (var line in lines)
        {
            if (line.Cause == cause)
            {
                total += line.Micro;
            }
        }

        return total;
    }
}
