using System.Text;

namespace Reference.Placement;

/// <summary>
/// No placement satisfies every rule. Carries the conflicts, each with the rules that cause it,
/// so that the publish step can refuse with names a person can look up in policies.yaml.
/// </summary>
public sealed class PlacementInfeasibleException : Exception
{
    public PlacementInfeasibleException(IReadOnlyList<PlacementConflict> conflicts)
        : base(Describe(conflicts))
    {
        Conflicts = conflicts;
        ConflictingRules = conflicts.SelectMany(c => c.Rules).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<PlacementConflict> Conflicts { get; }

    /// <summary>Every rule or constraint named by any conflict, sorted.</summary>
    public IReadOnlyList<string> ConflictingRules { get; }

    private static string Describe(IReadOnlyList<PlacementConflict> conflicts)
    {
        var text = new StringBuilder("No placement satisfies every rule.");
        foreach (var conflict in conflicts)
        {
            text.AppendLine();
            text.Append($"  {string.Join(", ", conflict.Workloads)}: {string.Join(" + ", conflict.Rules)} leave no cluster.");
            foreach (var rejection in conflict.Rejections)
            {
                text.AppendLine();
                text.Append($"    {rejection.Cluster}: {rejection.Constraint}: {rejection.Detail}");
            }
        }

        return text.ToString();
    }
}
