namespace Reference.Learning.Data;

/// <summary>Features and one label per row. Labels must be finite numbers (0/1 for binary classification).</summary>
public sealed class TrainingSet
{
    public TrainingSet(FeatureMatrix features, ReadOnlyMemory<double> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (labels.Length != features.RowCount)
        {
            throw new ArgumentException($"{labels.Length} labels for {features.RowCount} rows.", nameof(labels));
        }
        var span = labels.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (!double.IsFinite(span[i]))
            {
                throw new ArgumentException($"Row {i} has label {span[i]}; every row needs a finite label (drop unlabelled rows before training).", nameof(labels));
            }
        }
        Features = features;
        Labels = labels;
    }

    public FeatureMatrix Features { get; }

    public ReadOnlyMemory<double> Labels { get; }

    public int RowCount => Features.RowCount;

    public TrainingSet SelectRows(ReadOnlySpan<int> rows)
    {
        var source = Labels.Span;
        var labels = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            labels[i] = source[rows[i]];
        }
        return new TrainingSet(Features.SelectRows(rows), labels);
    }

    /// <summary>True when every label is 0 or 1.</summary>
    public bool HasBinaryLabels()
    {
        foreach (var label in Labels.Span)
        {
            if (label is not (0 or 1))
            {
                return false;
            }
        }
        return true;
    }

    internal void RequireBinaryLabels(string algorithm)
    {
        var span = Labels.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is not (0 or 1))
            {
                throw new ArgumentException(
                    $"{algorithm} needs labels of 0 or 1; row {i} has {span[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            }
        }
    }

    /// <summary>What every trainer checks first: a non-empty training set and a validation set with the same features.</summary>
    internal static void RequireTrainable(TrainingSet train, TrainingSet? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.RowCount == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(train));
        }

        validation?.RequireSameFeaturesAs(train);
    }

    internal void RequireSameFeaturesAs(TrainingSet train)
    {
        var expected = train.Features.Features;
        var actual = Features.Features;
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException($"The validation set has {actual.Count} features; the training set has {expected.Count}.");
        }
        for (var j = 0; j < expected.Count; j++)
        {
            if (expected[j].Name != actual[j].Name || expected[j].Type != actual[j].Type || (!ReferenceEquals(expected[j].Vocabulary, actual[j].Vocabulary) && !SameCategories(expected[j].Vocabulary, actual[j].Vocabulary)))
            {
                throw new ArgumentException($"Validation feature {j} ('{actual[j].Name}') does not match training feature '{expected[j].Name}' (name, type and vocabulary must agree).");
            }
        }
    }

    private static bool SameCategories(CategoryVocabulary? a, CategoryVocabulary? b) =>
        a is not null && b is not null && a.Categories.SequenceEqual(b.Categories, StringComparer.Ordinal);
}
