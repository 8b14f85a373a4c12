using System.Globalization;
using System.Text;
using Reference.Placement.Clusters;
using Reference.Placement.Datasets;

namespace Reference.Placement.Plans;

/// <summary>
/// Renders a plan as placement.md for people: the placements, the cost tables, the egress avoided
/// against compute-only greedy, and per workload why it went where it did and not elsewhere.
/// </summary>
public static class PlacementMarkdown
{
    public static string Render(PlacementPlan plan)
    {
        var md = new StringBuilder();
        md.Append("# Placement plan\n\n");
        var proof = plan.ProvedOptimal
            ? "proved optimal"
            : plan.Strategy == PlacementStrategyNames.Optimal
                ? $"best found within the search budget; no plan costs less than {Money(plan.LowerBound)}"
                : "baseline, not optimised";
        md.Append($"Strategy: {plan.Strategy} ({proof}; {plan.SearchNodes.ToString("N0", CultureInfo.InvariantCulture)} search nodes).");
        if (plan.PricesReadOn is { } date)
        {
            md.Append($" List prices as read on {date:yyyy-MM-dd}.");
        }

        if (plan.EstimatedPrices.Count > 0)
        {
            md.Append($" Prices of {string.Join(", ", plan.EstimatedPrices)} are partly estimates (the catalogue's priceCheck says which).");
        }

        md.Append("\n\n");
        var cost = plan.Cost;
        md.Append($"Monthly cost: **{Money(cost.Total)}**: compute {Money(cost.Compute)}, egress {Money(cost.Egress)} ")
            .Append($"(dataset reads {Money(cost.DatasetEgress)}, service calls {Money(cost.CallEgress)}, internet {Money(cost.InternetEgress)}).\n\n");

        Placements(plan, md);
        ClusterCosts(plan, md);
        WorkloadCosts(plan, md);
        EgressAvoided(plan, md);
        Explanations(plan, md);
        return md.ToString();
    }

    private static void Placements(PlacementPlan plan, StringBuilder md)
    {
        md.Append("## Plan\n\n");
        md.Append("| Workload | Pattern | Cluster | Role | Weight | Replicas | Classification | Residency |\n");
        md.Append("|---|---|---|---|---:|---:|---|---|\n");
        foreach (var workload in plan.Workloads)
        {
            foreach (var a in workload.Assignments)
            {
                var role = a.BurstRank is { } rank ? $"burst #{rank}" : Role(a.Role);
                md.Append($"| {Cell(workload.Workload)} | {workload.Pattern} | {Cell(a.Cluster)} | {role} | {Percent(a.Weight)} | {a.Replicas} | {workload.Classification.ToName()} | {Residency(workload.Residency)} |\n");
            }
        }

        md.Append('\n');
    }

    private static void ClusterCosts(PlacementPlan plan, StringBuilder md)
    {
        md.Append("## Monthly cost by cluster\n\n");
        md.Append("| Cluster | Provider | Region | Jurisdiction | Workloads | vCPU | Memory GB | GPUs | Compute | Egress billed | Total |\n");
        md.Append("|---|---|---|---|---|---:|---:|---|---:|---:|---:|\n");
        foreach (var c in plan.Clusters)
        {
            var workloads = c.Workloads.Count == 0 ? "-" : string.Join(", ", c.Workloads.Select(w => $"{w.Workload} ({(w.BurstRank is { } r ? $"burst #{r}" : Role(w.Role))})"));
            var gpus = c.GpusReserved.Count == 0 ? "-" : string.Join(", ", c.GpusReserved.Select(g => $"{g.Value} {g.Key}"));
            md.Append($"| {Cell(c.Cluster)} | {c.Provider.ToName()} | {Cell(c.Region)} | {c.Jurisdiction} | {Cell(workloads)} | {Number(c.CpuReserved)} | {Number(c.MemoryGbReserved)} | {gpus} | {Money(c.Compute)} | {Money(c.Egress)} | {Money(c.Total)} |\n");
        }

        md.Append($"| **Total** | | | | | | | | {Money(plan.Cost.Compute)} | {Money(plan.Cost.Egress)} | **{Money(plan.Cost.Total)}** |\n\n");
    }

    private static void WorkloadCosts(PlacementPlan plan, StringBuilder md)
    {
        md.Append("## Monthly cost by workload\n\n");
        md.Append("| Workload | Compute | Dataset egress | Call egress | Internet egress | Total |\n");
        md.Append("|---|---:|---:|---:|---:|---:|\n");
        foreach (var w in plan.Workloads)
        {
            md.Append($"| {Cell(w.Workload)} | {Money(w.Cost.Compute)} | {Money(w.Cost.DatasetEgress)} | {Money(w.Cost.CallEgress)} | {Money(w.Cost.InternetEgress)} | {Money(w.Cost.Total)} |\n");
        }

        var c = plan.Cost;
        md.Append($"| **Total** | {Money(c.Compute)} | {Money(c.DatasetEgress)} | {Money(c.CallEgress)} | {Money(c.InternetEgress)} | **{Money(c.Total)}** |\n\n");
    }

    private static void EgressAvoided(PlacementPlan plan, StringBuilder md)
    {
        if (plan.ComparedWithGreedy is not { } greedy)
        {
            return;
        }

        md.Append("## Egress avoided\n\n");
        md.Append("Against the cheapest placement that ignores data gravity (each workload on its cheapest compute, in turn).\n\n");
        if (!greedy.Feasible)
        {
            md.Append("Compute-only greedy runs out of capacity on this input, so there is no figure to compare.\n\n");
            return;
        }

        md.Append("| | Compute-only greedy | This plan | Avoided |\n|---|---:|---:|---:|\n");
        md.Append($"| Egress per month | {Money(greedy.GreedyEgress!.Value)} | {Money(plan.Cost.Egress)} | **{Money(greedy.EgressAvoided!.Value)}** |\n");
        md.Append($"| Total per month | {Money(greedy.GreedyTotal!.Value)} | {Money(plan.Cost.Total)} | {Money(greedy.CostSaved!.Value)} |\n\n");
    }

    private static void Explanations(PlacementPlan plan, StringBuilder md)
    {
        md.Append("## Explanations\n");
        foreach (var w in plan.Workloads)
        {
            md.Append($"\n### {w.Workload}\n\n");
            var placed = string.Join(", ", w.Assignments.Select(a =>
            {
                var role = a.BurstRank is { } rank ? $"burst #{rank}" : Role(a.Role);
                return $"`{a.Cluster}` ({role}, {a.Replicas} replica{(a.Replicas == 1 ? "" : "s")}{(a.Weight > 0 ? $", {Percent(a.Weight)} of the load" : "")})";
            }));
            md.Append($"{w.Kind.ToString().ToLowerInvariant()}, {w.Pattern}, classification {w.Classification.ToName()}, residency {Residency(w.Residency)}.\n\n");
            md.Append($"Placed on {placed}.\n\n");
            md.Append($"Cost {Money(w.Cost.Total)} per month: compute {Money(w.Cost.Compute)}, dataset reads {Money(w.Cost.DatasetEgress)}, service calls {Money(w.Cost.CallEgress)}, internet {Money(w.Cost.InternetEgress)}.\n\n");
            if (w.Cost.Lines.Count > 0)
            {
                md.Append("| Cause | For | Billed by | To | GB/month | $/month |\n|---|---|---|---|---:|---:|\n");
                foreach (var line in w.Cost.Lines)
                {
                    md.Append($"| {Cause(line.Cause)} | {Cell(line.Subject)} | {Cell(line.Cluster)} | {Cell(line.ToCluster)} | {(line.Gb > 0 ? Number(line.Gb) : "-")} | {Money(line.Cost)} |\n");
                }

                md.Append('\n');
            }

            if (w.Rejections.Count > 0)
            {
                md.Append("Not chosen:\n\n");
                foreach (var r in w.Rejections)
                {
                    md.Append($"- `{r.Cluster}`: **{r.Constraint}**: {r.Detail}\n");
                }
            }
        }
    }

    private static string Role(AssignmentRole role) => role.ToString().ToLowerInvariant();

    private static string Cause(CostCause cause) => cause switch
    {
        CostCause.Compute => "compute",
        CostCause.DatasetRead => "dataset read",
        CostCause.ServiceCall => "service call",
        _ => "internet",
    };

    private static string Residency(IReadOnlyList<string> residency) => residency.Count == 0 ? "any" : string.Join(", ", residency);

    private static string Money(decimal value) =>
        (value < 0 ? "-$" : "$") + Math.Abs(value).ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Percent(double weight) => weight == 0 ? "-" : (weight * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
