using System.Text.RegularExpressions;

namespace Reference.FeatureStore.Definitions;

// Names become SQL identifiers (offline tables, columns) and Redis keys, so they are kept to a safe alphabet.
public static partial class DefinitionNames
{
    public const string Rule = "lower-case letters, digits and underscores, starting with a letter, at most 48 characters";

    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    // Offline table of a view: created on first apply, widened by additive versions.
    public static string OfflineTable(string view) => "fv_" + view;

    public static string Quote(string identifier) => "\"" + identifier + "\"";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,47}$")]
    private static partial Regex NamePattern();
}
