namespace Reference.Placement.Patterns;

/// <summary>One cluster, wherever the workload runs best.</summary>
public sealed record CloudPerWorkload : PlacementPattern
{
    public override string Name => "cloud-per-workload";
}
