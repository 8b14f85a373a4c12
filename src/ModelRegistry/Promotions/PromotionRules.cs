namespace Reference.ModelRegistry.Promotions;

internal static class PromotionRules
{
    public static bool IsEnvironment(string? value) =>
        value is { Length: > 0 and <= 32 } && char.IsAsciiLetterLower(value[0]) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
