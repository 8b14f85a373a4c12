namespace Reference.Placement.Plans;

/// <summary>
/// The plan against the compute-only greedy placement (cheapest compute first, data gravity
/// ignored). Figures are null when that greedy placement runs out of capacity.
/// </summary>
/// <param name="Feasible">Whether greedy found a placement.</param>
/// <param name="GreedyTotal">Greedy's monthly cost, egress included.</param>
/// <param name="GreedyEgress">Greedy's monthly egress.</param>
/// <param name="EgressAvoided">Greedy's egress minus the plan's.</param>
/// <param name="CostSaved">Greedy's total minus the plan's.</param>
public sealed record GreedyComparison(bool Feasible, decimal? GreedyTotal, decimal? GreedyEgress, decimal? EgressAvoided, decimal? CostSaved);
