using Reference.Placement.Clusters;

namespace Reference.Placement.Policies;

/// <summary>
/// A set of clusters described by attributes. As <c>require</c>, a cluster must match every listed
/// attribute (any value within a list); as <c>forbid</c>, matching any listed value rejects it.
/// </summary>
public sealed record ClusterSelector
{
    public IReadOnlyList<CloudProvider> Providers { get; init; } = [];

    public IReadOnlyList<string> Jurisdictions { get; init; } = [];

    public IReadOnlyList<string> Regions { get; init; } = [];

    public IReadOnlyList<string> Locations { get; init; } = [];

    public IReadOnlyList<string> Clusters { get; init; } = [];

    public bool IsEmpty => Providers.Count + Jurisdictions.Count + Regions.Count + Locations.Count + Clusters.Count == 0;

    /// <summary>For <c>require</c>: what the cluster lacks, or null if it qualifies.</summary>
    public string? Unmet(Cluster cluster)
    {
        var unmet = new List<string>();
        Check("provider", Providers.Select(p => p.ToName()).ToList(), cluster.Provider.ToName(), unmet);
        Check("jurisdiction", Jurisdictions, cluster.Jurisdiction, unmet);
        Check("region", Regions, cluster.Region, unmet);
        Check("location", Locations, cluster.Location, unmet);
        Check("cluster", Clusters, cluster.Name, unmet);
        return unmet.Count == 0 ? null : string.Join("; ", unmet);
    }

    /// <summary>For <c>forbid</c>: which listed value the cluster has, or null if none.</summary>
    public string? Hit(Cluster cluster)
    {
        var hits = new List<string>();
        Forbid("provider", Providers.Select(p => p.ToName()).ToList(), cluster.Provider.ToName(), hits);
        Forbid("jurisdiction", Jurisdictions, cluster.Jurisdiction, hits);
        Forbid("region", Regions, cluster.Region, hits);
        Forbid("location", Locations, cluster.Location, hits);
        Forbid("cluster", Clusters, cluster.Name, hits);
        return hits.Count == 0 ? null : string.Join("; ", hits);
    }

    private static void Check(string attribute, IReadOnlyList<string> allowed, string actual, List<string> unmet)
    {
        if (allowed.Count > 0 && !allowed.Contains(actual, StringComparer.OrdinalIgnoreCase))
        {
            unmet.Add($"{attribute} must be {string.Join(" or ", allowed)}, is {actual}");
        }
    }

    private static void Forbid(string attribute, IReadOnlyList<string> forbidden, string actual, List<string> hits)
    {
        if (forbidden.Contains(actual, StringComparer.OrdinalIgnoreCase))
        {
            hits.Add($"{attribute} {actual} is forbidden");
        }
    }
}
