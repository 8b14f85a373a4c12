namespace Reference.Placement.Patterns;

/// <summary>How far apart the clusters of a multi-cluster pattern must be.</summary>
public enum Separation
{
    /// <summary>Any two different clusters.</summary>
    Cluster,

    /// <summary>Not in the same region of the same provider (a different provider also qualifies).</summary>
    Region,

    /// <summary>Different providers (survives a whole cloud's outage).</summary>
    Provider,
}
