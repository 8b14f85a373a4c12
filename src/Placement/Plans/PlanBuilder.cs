using System.Globalization;
using Reference.Placement.Costs;
using Reference.Placement.Solver;

namespace Reference.Placement.Plans;

/// <summary>Turns a chosen arrangement per workload into a <see cref="PlacementPlan"/> with explanations and cost tables.</summary>
internal sealed class PlanBuilder(PlacementModel model)
{
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

        var allocations = Allocations(assignment, allLines);
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
            Rejections = Rejections(assignment, context, chosen, strategy),
        };
    }

    private List<ClusterRejection> Rejections(int[] assignment, WorkloadContext context, Candidate chosen, string strategy)
    {
        var result = new List<ClusterRejection>();
        CapacityLedger? othersOnly = null;
        var chosenCost = LocalCost(assignment, context, assignment[context.Index]);
        for (var c = 0; c < model.Clusters.Count; c++)
        {
            if (chosen.Uses(c))
            {
                continue;
            }

            if (context.FilterRejections.TryGetValue(c, out var filtered))
            {
                result.AddRange(filtered);
                continue;
            }

            if (context.ArrangementRejections.TryGetValue(c, out var arranged))
            {
                result.AddRange(arranged);
                continue;
            }

            othersOnly ??= LedgerWithout(assignment, context.Index);
            result.Add(Alternative(assignment, context, c, chosenCost, othersOnly, strategy));
        }

        return result;
    }

    /// <summary>Why an eligible cluster lost: the cheapest arrangement using it costs more, or no longer fits.</summary>
    private ClusterRejection Alternative(int[] assignment, WorkloadContext context, int cluster, long chosenCost, CapacityLedger othersOnly, string strategy)
    {
        var name = model.Clusters[cluster].Name;
        long? bestDelta = null;
        Candidate? bestCandidate = null;
        Candidate? blocked = null;
        for (var o = 0; o < context.Candidates.Length; o++)
        {
            var candidate = context.Candidates[o];
            if (!candidate.Uses(cluster))
            {
                continue;
            }

            if (!othersOnly.Fits(candidate))
            {
                blocked ??= candidate;
                continue;
            }

            var delta = LocalCost(assignment, context, o) - chosenCost;
            if (bestDelta is null || delta < bestDelta)
            {
                bestDelta = delta;
                bestCandidate = candidate;
            }
        }

        if (bestDelta is not { } difference)
        {
            return new ClusterRejection(name, ConstraintNames.Capacity, $"no room left after the other placements: {Shortfall(blocked!, cluster, othersOnly)}", []);
        }

        var role = bestCandidate!.Slots.First(s => s.Cluster == cluster).Role;
        var money = MicroDollars.ToDollars(Math.Abs(difference)).ToString("0.00", CultureInfo.InvariantCulture);
        var detail = difference == 0
            ? $"as {CostModel.RoleName(role)} it would cost the same; equal costs go to the cluster name that sorts first"
            : difference > 0
            ? $"as {CostModel.RoleName(role)} it would cost ${money} more per month"
            : $"as {CostModel.RoleName(role)} it would cost ${money} less per month in all, but {strategy} picks by compute price";
        return new ClusterRejection(name, ConstraintNames.Cost, detail, []);
    }

    private string Shortfall(Candidate candidate, int cluster, CapacityLedger ledger)
    {
        var parts = new List<string>();
        foreach (var (c, dimension, amount) in candidate.Demands)
        {
            var left = ledger.Remaining(c, dimension);
            if (c == cluster && left + 1e-9 < amount)
            {
                var unit = dimension switch { 0 => "vCPU", 1 => "GB memory", _ => $"{model.GpuTypes[dimension - 2]} GPUs" };
                parts.Add($"needs {amount.ToString("0.##", CultureInfo.InvariantCulture)} {unit}, {Math.Max(0, left).ToString("0.##", CultureInfo.InvariantCulture)} left");
            }
        }

        return parts.Count > 0 ? string.Join(", ", parts) : "its partner cluster in the arrangement is full";
    }

    /// <summary>The part of the total that depends on this workload's arrangement, others fixed.</summary>
    private long LocalCost(int[] assignment, WorkloadContext context, int candidate)
    {
        var cost = context.Candidates[candidate].UnaryCost;
        foreach (var (edge, other, isFirst) in model.Adjacency[context.Index])
        {
            cost += isFirst ? edge.Cost(candidate, assignment[other]) : edge.Cost(assignment[other], candidate);
        }

        return cost;
    }

    private CapacityLedger LedgerWithout(int[] assignment, int workload)
    {
        var ledger = model.NewLedger();
        for (var w = 0; w < model.Workloads.Length; w++)
        {
            if (w != workload)
            {
                ledger.Take(model.Workloads[w].Candidates[assignment[w]]);
            }
        }

        return ledger;
    }

    private List<ClusterAllocation> Allocations(int[] assignment, List<Charge> lines)
    {
        var result = new List<ClusterAllocation>();
        for (var c = 0; c < model.Clusters.Count; c++)
        {
            var cluster = model.Clusters[c];
            var placed = new List<ClusterWorkload>();
            double cpu = 0, memory = 0;
            var gpus = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var context in model.Workloads)
            {
                var candidate = context.Candidates[assignment[context.Index]];
                foreach (var slot in candidate.Slots.Where(s => s.Cluster == c))
                {
                    placed.Add(new ClusterWorkload(context.Name, slot.Role, slot.Weight, slot.Replicas, slot.BurstRank > 0 ? slot.BurstRank : null));
                }

                foreach (var (dc, dimension, amount) in candidate.Demands.Where(d => d.Cluster == c))
                {
                    switch (dimension)
                    {
                        case 0: cpu += amount; break;
                        case 1: memory += amount; break;
                        default:
                            var type = model.GpuTypes[dimension - 2];
                            gpus[type] = gpus.GetValueOrDefault(type) + (int)Math.Round(amount);
                            break;
                    }
                }
            }

            var compute = lines.Where(l => l.Cause == CostCause.Compute && l.From == c).Sum(l => l.Micro);
            var egress = lines.Where(l => l.Cause != CostCause.Compute && l.From == c).Sum(l => l.Micro);
            if (placed.Count == 0 && compute == 0 && egress == 0)
            {
                continue;
            }

            result.Add(new ClusterAllocation
            {
                Cluster = cluster.Name,
                Provider = cluster.Provider,
                Region = cluster.Region,
                Location = cluster.Location,
                Jurisdiction = cluster.Jurisdiction,
                Registry = cluster.Registry,
                Postgres = cluster.Postgres.Product,
                Redis = cluster.Redis.Product,
                Workloads = placed,
                CpuReserved = cpu,
                MemoryGbReserved = memory,
                GpusReserved = gpus,
                Compute = MicroDollars.ToDollars(compute),
                Egress = MicroDollars.ToDollars(egress),
                Total = MicroDollars.ToDollars(compute + egress),
            });
        }

        return result;
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

    private static long Sum(List<Charge> lines, CostCause cause)
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
