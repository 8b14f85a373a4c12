namespace Reference.Learning.Data;

/// <summary>A float64, int64, bool (0/1) or timestamp (Unix seconds) column; NaN marks a missing value.</summary>
public sealed class NumericColumn : DataColumn
{
    public NumericColumn(string name, ReadOnlyMemory<double> values, ColumnType type = ColumnType.Float64)
        : base(name, type, values.Length)
    {
        if (type == ColumnType.Categorical)
        {
            throw new ArgumentException("A numeric column cannot have the categorical type; use CategoricalColumn.", nameof(type));
        }
        Values = values;
    }

    public ReadOnlyMemory<double> Values { get; }

    public override bool IsMissing(int row) => double.IsNaN(Values.Span[row]);

    internal override DataColumn SelectRows(ReadOnlySpan<int> rows)
    {
        var source = Values.Span;
        var selected = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = source[rows[i]];
        }
        return new NumericColumn(Name, selected, Type);
    }

    // Numeric columns are used in place: no copy.
    internal override ReadOnlyMemory<double> AsFeatureValues() => Values;
}
