namespace Reference.Learning.Data;

/// <summary>
/// A column-major float64 matrix of features: what trainers read. Columns are borrowed, never
/// copied, so a caller can train on a large matrix it already holds (one array per column, or
/// one column-major array). NaN is a missing value; categorical features hold their codes.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly ReadOnlyMemory<double>[] columns;
    private readonly FeatureInfo[] features;

    private FeatureMatrix(ReadOnlyMemory<double>[] columns, FeatureInfo[] features, int rowCount)
    {
        this.columns = columns;
        this.features = features;
        RowCount = rowCount;
    }

    public int RowCount { get; }

    public int ColumnCount => columns.Length;

    public IReadOnlyList<FeatureInfo> Features => features;

    public ReadOnlySpan<double> Column(int index) => columns[index].Span;

    public ReadOnlyMemory<double> ColumnMemory(int index) => columns[index];

    /// <summary>Wraps one memory block per column. Without <paramref name="features"/>, columns are float64 named f0, f1, ….</summary>
    public static FeatureMatrix FromColumns(
        IReadOnlyList<ReadOnlyMemory<double>> columns, IReadOnlyList<FeatureInfo>? features = null, int? rowCount = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0 && rowCount is null)
        {
            throw new ArgumentException("A matrix with no columns needs an explicit row count.", nameof(rowCount));
        }
        var rows = rowCount ?? columns[0].Length;
        var infos = new FeatureInfo[columns.Count];
        if (features is not null && features.Count != columns.Count)
        {
            throw new ArgumentException($"{features.Count} feature descriptions for {columns.Count} columns.", nameof(features));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length != rows)
            {
                throw new ArgumentException($"Column {i} has {columns[i].Length} rows, expected {rows}.", nameof(columns));
            }
            infos[i] = features?[i] ?? FeatureInfo.Numeric("f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!names.Add(infos[i].Name))
            {
                throw new ArgumentException($"Feature name '{infos[i].Name}' appears twice.", nameof(features));
            }
        }
        return new FeatureMatrix([.. columns], infos, rows);
    }

    /// <summary>Wraps a single column-major block (column j is values[j*rowCount .. (j+1)*rowCount)) without copying.</summary>
    public static FeatureMatrix FromColumnMajor(
        ReadOnlyMemory<double> values, int rowCount, int columnCount, IReadOnlyList<FeatureInfo>? features = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        if ((long)rowCount * columnCount != values.Length)
        {
            throw new ArgumentException($"{values.Length} values cannot form {rowCount} rows × {columnCount} columns.", nameof(values));
        }
        var columns = new ReadOnlyMemory<double>[columnCount];
        for (var j = 0; j < columnCount; j++)
        {
            columns[j] = values.Slice(j * rowCount, rowCount);
        }
        return FromColumns(columns, features, rowCount);
    }

    /// <summary>Copies a row-major block (row i is values[i*columnCount ..]) into column-major form.</summary>
    public static FeatureMatrix FromRowMajor(ReadOnlySpan<double> values, int columnCount, IReadOnlyList<FeatureInfo>? features = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columnCount);
        if (values.Length % columnCount != 0)
        {
            throw new ArgumentException($"{values.Length} values are not a whole number of rows of {columnCount}.", nameof(values));
        }
        var rows = values.Length / columnCount;
        var columns = new ReadOnlyMemory<double>[columnCount];
        for (var j = 0; j < columnCount; j++)
        {
            var column = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                column[i] = values[(i * columnCount) + j];
            }
            columns[j] = column;
        }
        return FromColumns(columns, features, rows);
    }

    public int IndexOf(string featureName)
    {
        for (var i = 0; i < features.Length; i++)
        {
            if (features[i].Name == featureName)
            {
                return i;
            }
        }
        return -1;
    }

    public void CopyRow(int row, Span<double> destination)
    {
        if (destination.Length < columns.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; a row has {columns.Length}.", nameof(destination));
        }
        for (var j = 0; j < columns.Length; j++)
        {
            destination[j] = columns[j].Span[row];
        }
    }

    public FeatureMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new ReadOnlyMemory<double>[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            var source = columns[j].Span;
            var column = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                column[i] = source[rows[i]];
            }
            selected[j] = column;
        }
        return new FeatureMatrix(selected, features, rows.Length);
    }
}
