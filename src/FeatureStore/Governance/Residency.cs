using System.Text.RegularExpressions;

namespace Reference.FeatureStore.Definitions;

// Where a view's data may live and be processed: "any", or a list of jurisdictions ("eu", "us", "eu,uk").
public static partial class Residency
{
    public const string Anywhere = "any";

    // Null when the text is not a residency.
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Anywhere;
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (parts.Length == 0 || parts.Any(p => !Jurisdiction().IsMatch(p)))
        {
            return null;
        }
        return parts.Contains(Anywhere) ? Anywhere : string.Join(',', parts);
    }

    public static bool Allows(string residency, string jurisdiction) =>
        residency == Anywhere || residency.Split(',').Contains(jurisdiction.ToLowerInvariant(), StringComparer.Ordinal);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex Jurisdiction();
}
