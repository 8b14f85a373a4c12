namespace Reference.Placement.Policies;

/// <summary>
/// A named placement rule: when <see cref="When"/> holds for a workload, its clusters must match
/// <see cref="Require"/> and must not match <see cref="Forbid"/>. Refusals cite <see cref="Name"/>.
/// </summary>
public sealed record PolicyRule
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public RuleCondition When { get; init; } = new();

    public ClusterSelector? Require { get; init; }

    public ClusterSelector? Forbid { get; init; }
}
