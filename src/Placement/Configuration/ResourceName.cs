using System.Text.RegularExpressions;

namespace Reference.Placement.Configuration;

/// <summary>
/// The platform's resource name rule (ASCII letter first, letters, digits and single hyphens,
/// 1 to 64 characters). Cluster and workload names become Kubernetes object names and labels.
/// </summary>
public static partial class ResourceName
{
    public static bool IsValid(string? name) => name is { Length: >= 1 and <= 64 } && Pattern().IsMatch(name);

    public const string Rule = "an ASCII letter first, then letters, digits and single hyphens, 1 to 64 characters";

    [GeneratedRegex("^[A-Za-z](?:-?[A-Za-z0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
