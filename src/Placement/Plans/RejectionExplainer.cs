using System.Globalization;
using Reference.Placement.Costs;
using Reference.Placement.Solver;

namespace Reference.Placement.Plans;

/// <summary>
/// For every cluster a workload does not use, the rule or constraint that ruled it out: a hard filter, no
/// arrangement (latency, pattern, capacity of the cluster), no room left beside the other placements, or cost.
/// </summary>
internal sealed class RejectionExplainer(PlacementModel model)
{
    public List<ClusterRejection> For(int[] assignment, WorkloadContext context, Candidate chosen, string strategy)
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
}
