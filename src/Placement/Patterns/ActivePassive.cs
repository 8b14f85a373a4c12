namespace Reference.Placement.Patterns;

/// <summary>A primary serves all traffic; a warm standby elsewhere takes over on failure.</summary>
public sealed record ActivePassive : PlacementPattern
{
    public override string Name => "active-passive";

    public string? Primary { get; init; }

    public string? Standby { get; init; }

    /// <summary>Replicas kept warm on the standby (costed, and reserved on its capacity).</summary>
    public int StandbyReplicas { get; init; } = 1;

    public Separation Separation { get; init; } = Separation.Region;
}
