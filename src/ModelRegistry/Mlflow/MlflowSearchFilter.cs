using System.Text.RegularExpressions;

namespace Reference.ModelRegistry.Mlflow;

// The subset of MLflow's search_registered_models filter grammar that maps onto the native search:
//   name = 'x' | name LIKE 'prefix%' | tags.key = 'value' | tags.`key` = 'value', joined by AND.
internal sealed partial record MlflowSearchFilter(string? ExactName, string? NamePrefix, IReadOnlyDictionary<string, string> Tags)
{
    public static bool TryParse(string? filter, out MlflowSearchFilter? parsed, out string? problem)
    {
        parsed = null;
        problem = null;
        string? exact = null, prefix = null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(filter))
        {
            parsed = new MlflowSearchFilter(null, null, tags);
            return true;
        }
        foreach (var clause in AndSeparator().Split(filter.Trim()))
        {
            var match = Clause().Match(clause.Trim());
            if (!match.Success)
            {
                problem = $"Unsupported filter clause \"{clause.Trim()}\". Supported: name = 'x', name LIKE 'prefix%', tags.key = 'value', joined by AND.";
                return false;
            }
            var value = match.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
            var op = match.Groups["op"].Value.ToUpperInvariant();
            if (match.Groups["tag"].Success)
            {
                if (op != "=")
                {
                    problem = "Tag filters support only '='.";
                    return false;
                }
                tags[match.Groups["tag"].Value.Trim('`')] = value;
            }
            else if (op == "=")
            {
                exact = value;
            }
            else if (op == "LIKE" && value.EndsWith('%') && value.IndexOfAny(['%', '_'], 0, value.Length - 1) < 0)
            {
                prefix = value[..^1];
            }
            else
            {
                problem = "name LIKE supports only a prefix pattern such as 'fraud%'.";
                return false;
            }
        }
        parsed = new MlflowSearchFilter(exact, prefix, tags);
        return true;
    }

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex(@"^(?:name|(?:tags|tag)\.(?<tag>`[^`]+`|[\w.\-]+))\s*(?<op>=|LIKE)\s*'(?<value>(?:[^']|'')*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();
}
