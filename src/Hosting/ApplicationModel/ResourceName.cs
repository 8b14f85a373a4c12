namespace Reference.Hosting.ApplicationModel;

/// <summary>Aspire's rules for resource names, which also keep names valid as DNS labels and env var parts.</summary>
public static class ResourceName
{
    public const int MaxLength = 64;

    public static string Validate(string name)
    {
        if (TryGetError(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }

        return name;
    }

    public static string? TryGetError(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "Resource name must not be empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"Resource name '{name}' is {name.Length} characters long; the limit is {MaxLength}.";
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            return $"Resource name '{name}' must start with an ASCII letter.";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return $"Resource name '{name}' has '{c}' at position {i + 1}; use ASCII letters, digits and hyphens only.";
            }

            if (c == '-' && i > 0 && name[i - 1] == '-')
            {
                return $"Resource name '{name}' has two hyphens in a row; use single hyphens.";
            }
        }

        return name[^1] == '-' ? $"Resource name '{name}' must not end with a hyphen." : null;
    }
}
