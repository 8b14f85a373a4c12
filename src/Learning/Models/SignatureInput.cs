using Reference.Learning.Data;

namespace Reference.Learning.Models;

/// <summary>
/// One model input: its name, type, vocabulary (categorical inputs are passed as the code of the
/// category in this vocabulary) and what happens when it is missing (NaN).
/// </summary>
public sealed record SignatureInput(string Name, ColumnType Type, CategoryVocabulary? Vocabulary, MissingValuePolicy Missing)
{
    /// <summary>The value to pass for a category: its code, or NaN (missing) for null or an unseen category.</summary>
    public double EncodeCategory(string? category)
    {
        if (Vocabulary is null)
        {
            throw new InvalidOperationException($"Input '{Name}' is {Type.ToWireName()}, not categorical.");
        }
        if (category is null)
        {
            return double.NaN;
        }
        var code = Vocabulary.IndexOf(category);
        return code < 0 ? double.NaN : code;
    }
}
