namespace Reference.Learning.Models;

/// <summary>The missing-value policy of one input; <see cref="Value"/> is used only by <see cref="MissingValueHandling.Impute"/>.</summary>
public readonly record struct MissingValuePolicy(MissingValueHandling Handling, double Value = 0)
{
    public static MissingValuePolicy Required => new(MissingValueHandling.Required);

    public static MissingValuePolicy NoContribution => new(MissingValueHandling.NoContribution);

    public static MissingValuePolicy LearnedDirection => new(MissingValueHandling.LearnedDirection);

    public static MissingValuePolicy Impute(double value) => new(MissingValueHandling.Impute, value);

    internal string WireName => Handling switch
    {
        MissingValueHandling.Required => "required",
        MissingValueHandling.Impute => "impute",
        MissingValueHandling.NoContribution => "noContribution",
        MissingValueHandling.LearnedDirection => "learnedDirection",
        _ => throw new ArgumentOutOfRangeException(nameof(Handling)),
    };

    internal static bool TryParse(string? wireName, out MissingValueHandling handling)
    {
        switch (wireName)
        {
            case "required": handling = MissingValueHandling.Required; return true;
            case "impute": handling = MissingValueHandling.Impute; return true;
            case "noContribution": handling = MissingValueHandling.NoContribution; return true;
            case "learnedDirection": handling = MissingValueHandling.LearnedDirection; return true;
            default: handling = default; return false;
        }
    }
}
