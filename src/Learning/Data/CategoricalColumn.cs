namespace Reference.Learning.Data;

/// <summary>A string column stored as codes into a <see cref="CategoryVocabulary"/>.</summary>
public sealed class CategoricalColumn : DataColumn
{
    /// <summary>The reserved code of a missing value.</summary>
    public const int MissingCode = -1;

    public CategoricalColumn(string name, ReadOnlyMemory<int> codes, CategoryVocabulary vocabulary)
        : base(name, ColumnType.Categorical, codes.Length)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        foreach (var code in codes.Span)
        {
            if (code < MissingCode || code >= vocabulary.Count)
            {
                throw new ArgumentException(
                    $"Column '{name}' has code {code}, outside the vocabulary of {vocabulary.Count} categories (missing is {MissingCode}).",
                    nameof(codes));
            }
        }
        Codes = codes;
        Vocabulary = vocabulary;
    }

    public ReadOnlyMemory<int> Codes { get; }

    public CategoryVocabulary Vocabulary { get; }

    public override bool IsMissing(int row) => Codes.Span[row] == MissingCode;

    public string? ValueAt(int row)
    {
        var code = Codes.Span[row];
        return code == MissingCode ? null : Vocabulary[code];
    }

    internal override DataColumn SelectRows(ReadOnlySpan<int> rows)
    {
        var source = Codes.Span;
        var selected = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = source[rows[i]];
        }
        return new CategoricalColumn(Name, selected, Vocabulary);
    }

    internal override ReadOnlyMemory<double> AsFeatureValues()
    {
        var codes = Codes.Span;
        var values = new double[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            values[i] = codes[i] == MissingCode ? double.NaN : codes[i];
        }
        return values;
    }
}
