namespace Reference.Learning.Data;

/// <summary>The name and type of one feature column; categorical features carry their vocabulary.</summary>
public sealed record FeatureInfo
{
    public FeatureInfo(string name, ColumnType type, CategoryVocabulary? vocabulary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if ((type == ColumnType.Categorical) != (vocabulary is not null))
        {
            throw new ArgumentException($"Feature '{name}': a vocabulary is required for categorical features and only for them.", nameof(vocabulary));
        }
        Name = name;
        Type = type;
        Vocabulary = vocabulary;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    public CategoryVocabulary? Vocabulary { get; }

    public bool IsCategorical => Type == ColumnType.Categorical;

    public static FeatureInfo Numeric(string name) => new(name, ColumnType.Float64);

    public static FeatureInfo Categorical(string name, CategoryVocabulary vocabulary) => new(name, ColumnType.Categorical, vocabulary);
}
