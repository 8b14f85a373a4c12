namespace Reference.ModelRegistry.Aliases;

// MLflow's alias rules: letters, digits, '_' and '-'; "latest" and "v<number>" are reserved because they already
// mean a version.
internal static class AliasName
{
    public const int MaxLength = 255;

    public static string? Problem(string? alias)
    {
        if (string.IsNullOrEmpty(alias))
        {
            return "An alias name is required.";
        }
        if (alias.Length > MaxLength)
        {
            return $"An alias has at most {MaxLength} characters.";
        }
        foreach (var c in alias)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return $"Alias '{alias}' may contain only ASCII letters, digits, '_' and '-'.";
            }
        }
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return "'latest' is reserved: GET /api/models/{name}/versions/latest resolves the newest version.";
        }
        if (alias.Length > 1 && alias[0] is 'v' or 'V' && alias.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return $"'{alias}' is reserved: v<number> names a version.";
        }
        return null;
    }
}
