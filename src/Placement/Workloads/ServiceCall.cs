namespace Reference.Placement.Workloads;

/// <summary>
/// A workload calling another. <paramref name="GbPerMonth"/> is the data that flows back from the
/// callee to the caller; across clusters it is egress charged at the callee's cluster.
/// </summary>
public sealed record ServiceCall(string Target, double GbPerMonth);
