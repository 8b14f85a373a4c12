using Reference.ServiceDefaults;

namespace Reference.TrainingRunner.Runs;

public sealed record PlannedFeature(string View, string Feature, string Type, string Column);

// What a job reads: the features (as the historical retrieval names them with fullFeatureNames), the label
// column, the views with their versions, and the governance that follows from them: the highest classification
// and the residencies every view allows.
public sealed record TrainingDataPlan(
    IReadOnlyList<PlannedFeature> Features,
    PlannedFeature Label,
    IReadOnlyList<FeatureViewInfo> Views,
    DataClassification Classification,
    string Residency)
{
    public IReadOnlyList<string> References => [.. Features.Select(f => $"{f.View}:{f.Feature}"), $"{Label.View}:{Label.Feature}"];

    public static string ColumnName(string view, string feature) => view + "__" + feature;

    // "any" allows everywhere; otherwise the views' residencies must agree. Null: no place satisfies them all.
    public static string? IntersectResidencies(IEnumerable<string> residencies)
    {
        string? result = "any";
        foreach (var residency in residencies.Select(r => string.IsNullOrWhiteSpace(r) ? "any" : r.Trim().ToLowerInvariant()))
        {
            if (residency == "any")
            {
                continue;
            }
            if (result == "any")
            {
                result = residency;
            }
            else if (result != residency)
            {
                return null;
            }
        }
        return result;
    }
}
