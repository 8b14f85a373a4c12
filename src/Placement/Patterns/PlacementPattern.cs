using System.Text.Json.Serialization;

namespace Reference.Placement.Patterns;

/// <summary>How a workload spreads over clusters; the pattern shapes which arrangements the solver considers.</summary>
public abstract record PlacementPattern
{
    /// <summary>The pattern's name as written in specs and reports.</summary>
    [JsonIgnore]
    public abstract string Name { get; }
}
