namespace Reference.ModelRegistry.Models;

// Resource-like names that also allow '_' and '.': an ASCII letter first, then letters and digits with single
// separators between them. Nothing path-like ("../x", "a/b", "a..b") or URL-hostile gets through.
internal static class ModelName
{
    public const int MaxLength = 64;

    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A model name is required.";
        }
        if (name.Length > MaxLength)
        {
            return $"A model name has at most {MaxLength} characters.";
        }
        if (!char.IsAsciiLetter(name[0]))
        {
            return $"Model name '{name}' must start with an ASCII letter.";
        }
        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                continue;
            }
            if (c is '-' or '_' or '.')
            {
                if (i == name.Length - 1 || !char.IsAsciiLetterOrDigit(name[i + 1]))
                {
                    return $"Model name '{name}' may not end with a separator or put two separators together.";
                }
                continue;
            }
            return $"Model name '{name}' may contain only ASCII letters, digits, '-', '_' and '.'.";
        }
        return null;
    }
}
