namespace Reference.Placement.Plans;

/// <summary>
/// Names of the built-in constraints that can reject a cluster. User rules are cited by their own
/// names; these cover what is not a policy (physics, capacity, the pattern, the price).
/// </summary>
public static class ConstraintNames
{
    /// <summary>Residency with no user rule for its label: the jurisdiction must equal the label.</summary>
    public const string DataResidency = "data-residency";

    public const string GpuType = "gpu-type";

    public const string Capacity = "capacity";

    public const string LatencySlo = "latency-slo";

    /// <summary>The workload's pattern rules the cluster out (fixed clusters, on-prem base, separation).</summary>
    public const string Pattern = "pattern";

    /// <summary>Eligible, but the chosen placement is cheaper overall.</summary>
    public const string Cost = "cost";
}
