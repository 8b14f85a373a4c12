namespace Reference.Learning.Data;

/// <summary>A table of typed, equally long columns.</summary>
public sealed class TabularData
{
    private readonly DataColumn[] columns;
    private readonly Dictionary<string, int> indexByName = new(StringComparer.Ordinal);

    public TabularData(IEnumerable<DataColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        this.columns = [.. columns];
        RowCount = this.columns.Length == 0 ? 0 : this.columns[0].RowCount;
        for (var i = 0; i < this.columns.Length; i++)
        {
            var column = this.columns[i];
            if (column.RowCount != RowCount)
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' has {column.RowCount} rows but column '{this.columns[0].Name}' has {RowCount}.", nameof(columns));
            }
            if (!indexByName.TryAdd(column.Name, i))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice.", nameof(columns));
            }
        }
    }

    public int RowCount { get; }

    public IReadOnlyList<DataColumn> Columns => columns;

    public DataColumn this[string name] =>
        TryGetColumn(name, out var column)
            ? column
            : throw new KeyNotFoundException($"No column named '{name}'; columns are: {string.Join(", ", columns.Select(c => c.Name))}.");

    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataColumn? column)
    {
        if (indexByName.TryGetValue(name, out var index))
        {
            column = columns[index];
            return true;
        }
        column = null;
        return false;
    }

    public TabularData SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new DataColumn[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            selected[i] = columns[i].SelectRows(rows);
        }
        return new TabularData(selected);
    }

    /// <summary>
    /// The named columns as a feature matrix. Numeric columns are shared, not copied;
    /// categorical columns become float64 codes (NaN where missing).
    /// </summary>
    public FeatureMatrix ToFeatureMatrix(IEnumerable<string> featureColumns)
    {
        ArgumentNullException.ThrowIfNull(featureColumns);
        var values = new List<ReadOnlyMemory<double>>();
        var features = new List<FeatureInfo>();
        foreach (var name in featureColumns)
        {
            var column = this[name];
            values.Add(column.AsFeatureValues());
            features.Add(column is CategoricalColumn categorical
                ? FeatureInfo.Categorical(name, categorical.Vocabulary)
                : new FeatureInfo(name, column.Type));
        }
        return FeatureMatrix.FromColumns(values, features, RowCount);
    }

    /// <summary>
    /// Features and labels for training. Without <paramref name="featureColumns"/>, every column
    /// except the label and timestamp columns is a feature. Bool labels become 0/1.
    /// </summary>
    public TrainingSet ToTrainingSet(string labelColumn, IEnumerable<string>? featureColumns = null)
    {
        var label = this[labelColumn];
        if (label is not NumericColumn numericLabel)
        {
            throw new ArgumentException(
                $"Label column '{labelColumn}' is categorical; labels must be numbers or booleans (0/1 for binary classification).",
                nameof(labelColumn));
        }
        var names = featureColumns?.ToArray()
            ?? [.. columns.Where(c => c.Name != labelColumn && c.Type != ColumnType.Timestamp).Select(c => c.Name)];
        if (names.Contains(labelColumn, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Label column '{labelColumn}' cannot also be a feature.", nameof(featureColumns));
        }
        return new TrainingSet(ToFeatureMatrix(names), numericLabel.Values);
    }
}
