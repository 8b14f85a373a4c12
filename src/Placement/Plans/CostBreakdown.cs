namespace Reference.Placement.Plans;

/// <summary>A workload's monthly cost, split by cause, with the lines behind each figure.</summary>
public sealed record CostBreakdown(
    decimal Compute,
    decimal DatasetEgress,
    decimal CallEgress,
    decimal InternetEgress,
    decimal Egress,
    decimal Total,
    IReadOnlyList<CostLine> Lines);
