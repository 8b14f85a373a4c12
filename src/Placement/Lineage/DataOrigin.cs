namespace Reference.Placement.Lineage;

public enum DataOriginKind
{
    FeatureView,
    Dataset,
    Workload,
}

/// <summary>Where a classification or residency came from, so that a refusal can name it.</summary>
public sealed record DataOrigin(DataOriginKind Kind, string Name)
{
    public override string ToString() => Kind switch
    {
        DataOriginKind.FeatureView => $"feature view {Name}",
        DataOriginKind.Dataset => $"dataset {Name}",
        _ => $"workload {Name}",
    };

    public static string Describe(IEnumerable<DataOrigin> origins)
    {
        // "feature views a, b and dataset c": group by kind so that long lists stay readable.
        var parts = origins.GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(g =>
        {
            var names = string.Join(", ", g.Select(o => o.Name).Order(StringComparer.Ordinal));
            var noun = g.Key switch
            {
                DataOriginKind.FeatureView => g.Count() == 1 ? "feature view" : "feature views",
                DataOriginKind.Dataset => g.Count() == 1 ? "dataset" : "datasets",
                _ => "workload",
            };
            return $"{noun} {names}";
        });
        return string.Join(" and ", parts);
    }
}
