namespace Reference.Placement.Plans;

/// <summary>Monthly cost of the whole plan, by cause.</summary>
public sealed record CostSummary(decimal Compute, decimal DatasetEgress, decimal CallEgress, decimal InternetEgress, decimal Egress, decimal Total);
