namespace Reference.Learning.Data;

/// <summary>One typed column of <see cref="TabularData"/>.</summary>
public abstract class DataColumn
{
    private protected DataColumn(string name, ColumnType type, int rowCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
        RowCount = rowCount;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    public int RowCount { get; }

    public abstract bool IsMissing(int row);

    public int CountMissing()
    {
        var missing = 0;
        for (var row = 0; row < RowCount; row++)
        {
            if (IsMissing(row))
            {
                missing++;
            }
        }
        return missing;
    }

    internal abstract DataColumn SelectRows(ReadOnlySpan<int> rows);

    /// <summary>The column as float64 values, categorical codes included, NaN where missing.</summary>
    internal abstract ReadOnlyMemory<double> AsFeatureValues();
}
