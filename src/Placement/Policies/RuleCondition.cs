using Reference.Placement.Datasets;
using Reference.Placement.Lineage;
using Reference.Placement.Workloads;

namespace Reference.Placement.Policies;

/// <summary>
/// When a rule applies. Every given condition must hold (and); a list matches any of its values
/// (or). An empty condition applies to every workload.
/// </summary>
public sealed record RuleCondition
{
    /// <summary>Workload names; <c>*</c> matches any run of characters.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [];

    public IReadOnlyList<WorkloadKind> Kinds { get; init; } = [];

    /// <summary>Exact classifications.</summary>
    public IReadOnlyList<DataClassification> Classifications { get; init; } = [];

    /// <summary>This class or any more sensitive one.</summary>
    public DataClassification? ClassificationAtLeast { get; init; }

    /// <summary>Residency labels the workload carries (from itself, its datasets or its lineage).</summary>
    public IReadOnlyList<string> Residencies { get; init; } = [];

    /// <summary>Whether the rule applies, why (for the refusal text), and which data made it apply.</summary>
    public RuleMatch? Match(Workload workload, DataProfile profile)
    {
        var reasons = new List<string>();
        var origins = new List<DataOrigin>();

        if (Workloads.Count > 0)
        {
            var pattern = Workloads.FirstOrDefault(p => NameGlob.Matches(p, workload.Name));
            if (pattern is null)
            {
                return null;
            }

            reasons.Add(pattern.Contains('*') ? $"workload matches {pattern}" : $"workload {workload.Name}");
        }

        if (Kinds.Count > 0)
        {
            if (!Kinds.Contains(workload.Kind))
            {
                return null;
            }

            reasons.Add($"kind {workload.Kind.ToString().ToLowerInvariant()}");
        }

        if (Classifications.Count > 0 || ClassificationAtLeast is not null)
        {
            var matches = Classifications.Contains(profile.Classification)
                || (ClassificationAtLeast is { } floor && profile.Classification >= floor);
            if (!matches)
            {
                return null;
            }

            reasons.Add(Sourced($"classification {profile.Classification.ToName()}", profile.ClassificationOrigins));
            origins.AddRange(profile.ClassificationOrigins);
        }

        if (Residencies.Count > 0)
        {
            var hits = profile.Residencies.Where(r => Residencies.Contains(r.Label, StringComparer.OrdinalIgnoreCase)).ToList();
            if (hits.Count == 0)
            {
                return null;
            }

            foreach (var hit in hits)
            {
                reasons.Add(Sourced($"residency {hit.Label}", hit.ImposedBy));
                origins.AddRange(hit.ImposedBy);
            }
        }

        return new RuleMatch(reasons.Count == 0 ? "applies to every workload" : string.Join(", ", reasons), origins.Distinct().ToList());
    }

    private static string Sourced(string what, IReadOnlyList<DataOrigin> origins) =>
        origins.Count == 0 ? what : $"{what} (from {DataOrigin.Describe(origins)})";
}

/// <summary>Why a rule applied to a workload.</summary>
public sealed record RuleMatch(string Because, IReadOnlyList<DataOrigin> Origins);
