using Reference.Placement.Datasets;
using Reference.Placement.Workloads;

namespace Reference.Placement.Lineage;

/// <summary>
/// The classification and residencies a workload carries: its own, those of the datasets it reads
/// and those of the feature views in its model's lineage. The highest classification wins;
/// every residency applies (two different ones leave no cluster, which is reported as a conflict).
/// </summary>
public sealed record DataProfile(
    DataClassification Classification,
    IReadOnlyList<DataOrigin> ClassificationOrigins,
    IReadOnlyList<ResidencyRequirement> Residencies)
{
    /// <summary>Residency labels that mean "no constraint".</summary>
    public static bool IsUnconstrained(string? residency) =>
        string.IsNullOrWhiteSpace(residency) || string.Equals(residency, "any", StringComparison.OrdinalIgnoreCase);

    public static DataProfile Of(Workload workload, IEnumerable<Dataset> datasets)
    {
        var classes = new List<(DataClassification Class, DataOrigin Origin)>();
        var residencies = new List<(string Label, DataOrigin Origin)>();
        var self = new DataOrigin(DataOriginKind.Workload, workload.Name);

        if (workload.Classification is { } own)
        {
            classes.Add((own, self));
        }

        if (!IsUnconstrained(workload.Residency))
        {
            residencies.Add((workload.Residency!.ToLowerInvariant(), self));
        }

        foreach (var entry in workload.Lineage)
        {
            var origin = new DataOrigin(DataOriginKind.FeatureView, entry.FeatureView);
            classes.Add((entry.Classification, origin));
            if (!IsUnconstrained(entry.Residency))
            {
                residencies.Add((entry.Residency!.ToLowerInvariant(), origin));
            }
        }

        foreach (var dataset in datasets)
        {
            if (!dataset.MonthlyReadsGb.ContainsKey(workload.Name))
            {
                continue;
            }

            var origin = new DataOrigin(DataOriginKind.Dataset, dataset.Name);
            classes.Add((dataset.Classification, origin));
            if (!IsUnconstrained(dataset.Residency))
            {
                residencies.Add((dataset.Residency!.ToLowerInvariant(), origin));
            }
        }

        var highest = classes.Count == 0 ? DataClassification.Public : classes.Max(c => c.Class);
        var classOrigins = classes.Where(c => c.Class == highest).Select(c => c.Origin).Distinct().OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var requirements = residencies
            .GroupBy(r => r.Label, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ResidencyRequirement(g.Key, g.Select(r => r.Origin).Distinct().OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal).ToList()))
            .ToList();
        return new DataProfile(highest, classOrigins, requirements);
    }
}
