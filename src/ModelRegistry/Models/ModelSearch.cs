using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Models;

// GET /api/models filters: a name prefix, tag=key:value (all must match) and a use case.
internal sealed record ModelSearch(string? NamePrefix, IReadOnlyDictionary<string, string> Tags, string? UseCase, string? After, int Limit)
{
    public static IReadOnlyDictionary<string, string>? ParseTagFilters(IEnumerable<string?> filters, ValidationErrors errors)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var filter in filters)
        {
            var colon = filter?.IndexOf(':') ?? -1;
            if (filter is null || colon <= 0)
            {
                errors.Add("tag", $"Tag filter '{filter}' must look like key:value.");
                continue;
            }
            var key = filter[..colon];
            var value = filter[(colon + 1)..];
            if (tags.TryGetValue(key, out var existing) && existing != value)
            {
                errors.Add("tag", $"Tag '{key}' is filtered on twice with different values; no model could match.");
                continue;
            }
            tags[key] = value;
        }
        return errors.IsEmpty ? tags : null;
    }
}
