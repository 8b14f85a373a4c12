using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Models;

// MLflow's limits on tags (key 250, value 5000 characters), plus no ':' in keys so "tag=key:value" filters stay unambiguous.
internal static class TagRules
{
    public const int MaxKeyLength = 250;
    public const int MaxValueLength = 5000;
    public const int MaxTags = 100;

    public static void Validate(IEnumerable<KeyValuePair<string, string?>>? tags, ValidationErrors errors, string field = "tags", bool allowNullValues = false)
    {
        if (tags is null)
        {
            return;
        }
        var count = 0;
        foreach (var (key, value) in tags)
        {
            count++;
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Contains(':') || key.Any(char.IsControl))
            {
                errors.Add($"{field}.{key}", $"Tag keys are 1 to {MaxKeyLength} characters without ':' or control characters.");
            }
            if (value is null ? !allowNullValues : value.Length > MaxValueLength)
            {
                errors.Add($"{field}.{key}", value is null ? "Tag values may not be null here." : $"Tag values have at most {MaxValueLength} characters.");
            }
        }
        if (count > MaxTags)
        {
            errors.Add(field, $"At most {MaxTags} tags.");
        }
    }

    public static void ValidateText(string? value, int maxLength, string field, ValidationErrors errors)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors.Add(field, $"{field} has at most {maxLength} characters.");
        }
    }
}
