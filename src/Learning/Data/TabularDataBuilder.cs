using System.Globalization;

namespace Reference.Learning.Data;

/// <summary>
/// Builds <see cref="TabularData"/> one record at a time, as records arrive from a stream
/// (name → double, long, bool, string or null). Column types are declared up front or
/// inferred from the first non-null value; a field absent from a record is missing.
/// Numbers and bools share numeric columns; strings make categorical columns (or timestamp
/// columns, when declared so).
/// </summary>
public sealed class TabularDataBuilder
{
    private readonly List<ColumnBuffer> columns = [];
    private readonly Dictionary<string, ColumnBuffer> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ColumnBuffer>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    private int rowCount;
    private bool inRow;
    private bool built;

    public TabularDataBuilder()
    {
        bySpan = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Fixes the type of a column before any record arrives (needed for timestamps given as strings).</summary>
    public TabularDataBuilder DeclareColumn(string name, ColumnType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        EnsureNotBuilt();
        if (byName.TryGetValue(name, out var existing))
        {
            if (existing.Type != type)
            {
                throw new InvalidOperationException($"Column '{name}' is already {existing.Type.ToWireName()}; cannot redeclare it as {type.ToWireName()}.");
            }
            return this;
        }
        AddColumn(name, type);
        return this;
    }

    public int RowCount => rowCount;

    /// <summary>Appends one record. Values: double, float, long, int, bool, string, DateTimeOffset, DateTime or null.</summary>
    public void Append(IEnumerable<KeyValuePair<string, object?>> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        BeginRow();
        foreach (var (name, value) in record)
        {
            switch (value)
            {
                case null: SetNull(name); break;
                case double d: SetNumber(name, d); break;
                case float f: SetNumber(name, f); break;
                case long l: SetInt64(name, l); break;
                case int i: SetInt64(name, i); break;
                case bool b: SetBool(name, b); break;
                case string s: SetString(name, s); break;
                case DateTimeOffset t: SetNumber(name, t.ToUnixTimeMilliseconds() / 1000.0, ColumnType.Timestamp); break;
                case DateTime t: SetNumber(name, new DateTimeOffset(t.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0, ColumnType.Timestamp); break;
                default:
                    throw new FormatException(
                        $"Row {rowCount + 1}, field '{name}': values must be numbers, booleans, strings or null, not {value.GetType().Name}.");
            }
        }
        EndRow();
    }

    public void BeginRow()
    {
        EnsureNotBuilt();
        if (inRow)
        {
            throw new InvalidOperationException("BeginRow called twice without EndRow.");
        }
        inRow = true;
    }

    public void EndRow()
    {
        EnsureInRow();
        inRow = false;
        rowCount++;
    }

    public void SetNumber(ReadOnlySpan<char> name, double value) => SetNumber(name, value, ColumnType.Float64);

    public void SetInt64(ReadOnlySpan<char> name, long value) => SetNumber(name, value, ColumnType.Int64);

    public void SetBool(ReadOnlySpan<char> name, bool value) => SetNumber(name, value ? 1 : 0, ColumnType.Bool);

    public void SetNull(ReadOnlySpan<char> name)
    {
        // A null adds the column (so that all-null columns still exist) but records nothing:
        // untouched cells are missing.
        var column = Lookup(name, inferredType: null);
        column?.Touch(rowCount, name);
    }

    public void SetString(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        var column = Lookup(name, ColumnType.Categorical)!;
        column.Touch(rowCount, name);
        switch (column.Type)
        {
            case ColumnType.Categorical:
                column.SetCode(rowCount, column.Vocabulary!.GetOrAdd(value));
                break;
            case ColumnType.Timestamp:
                if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
                {
                    throw new FormatException($"Row {rowCount + 1}, field '{name}': '{value}' is not an RFC 3339 timestamp.");
                }
                column.SetValue(rowCount, (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond);
                break;
            default:
                throw new FormatException(
                    $"Row {rowCount + 1}, field '{name}': got the string '{value}' but the column is {column.Type.ToWireName()}; declare the column's type or fix the record.");
        }
    }

    /// <summary>Finishes the table. The builder hands its buffers over and cannot be used again.</summary>
    public TabularData Build()
    {
        EnsureNotBuilt();
        if (inRow)
        {
            throw new InvalidOperationException("Build called inside a row; call EndRow first.");
        }
        built = true;
        return new TabularData(columns.Select(c => c.Finish(rowCount)));
    }

    private void SetNumber(ReadOnlySpan<char> name, double value, ColumnType inferredType)
    {
        var column = Lookup(name, inferredType)!;
        column.Touch(rowCount, name);
        if (column.Type == ColumnType.Categorical)
        {
            throw new FormatException(
                $"Row {rowCount + 1}, field '{name}': got the number {value.ToString(CultureInfo.InvariantCulture)} but the column holds strings (categorical).");
        }
        column.WidenTo(inferredType);
        column.SetValue(rowCount, value);
    }

    private ColumnBuffer? Lookup(ReadOnlySpan<char> name, ColumnType? inferredType)
    {
        EnsureInRow();
        if (name.IsEmpty)
        {
            throw new FormatException($"Row {rowCount + 1}: a field has an empty name.");
        }
        if (bySpan.TryGetValue(name, out var column))
        {
            if (column.Pending && inferredType is { } type)
            {
                column.Resolve(type);
            }
            return column;
        }
        column = AddColumn(name.ToString(), inferredType);
        return column;
    }

    private ColumnBuffer AddColumn(string name, ColumnType? type)
    {
        var column = new ColumnBuffer(name, type);
        columns.Add(column);
        byName.Add(name, column);
        return column;
    }

    private void EnsureInRow()
    {
        if (!inRow)
        {
            throw new InvalidOperationException("Call BeginRow before setting values.");
        }
    }

    private void EnsureNotBuilt()
    {
        if (built)
        {
            throw new InvalidOperationException("Build has been called; start a new builder.");
        }
    }

    /// <summary>A growable column. Cells not written are missing; a column whose values are all null stays float64.</summary>
    private sealed class ColumnBuffer(string name, ColumnType? type)
    {
        private double[] values = [];
        private int[] codes = [];
        private int lastRow = -1;

        public string Name { get; } = name;

        public ColumnType Type { get; private set; } = type ?? ColumnType.Float64;

        public bool Pending { get; private set; } = type is null;

        public CategoryVocabulary? Vocabulary { get; private set; } = type == ColumnType.Categorical ? new CategoryVocabulary() : null;

        public void Resolve(ColumnType inferred)
        {
            Pending = false;
            Type = inferred;
            Vocabulary = inferred == ColumnType.Categorical ? new CategoryVocabulary() : null;
        }

        /// <summary>Int64 and bool columns become float64 when a value of another numeric kind arrives.</summary>
        public void WidenTo(ColumnType valueType)
        {
            if (Type != valueType && Type != ColumnType.Float64 && Type != ColumnType.Timestamp)
            {
                Type = ColumnType.Float64;
            }
        }

        public void Touch(int row, ReadOnlySpan<char> name)
        {
            if (lastRow == row)
            {
                throw new FormatException($"Row {row + 1}: field '{name}' appears twice.");
            }
            lastRow = row;
        }

        public void SetValue(int row, double value)
        {
            if (values.Length <= row)
            {
                values = Grow(values, row, double.NaN);
            }
            values[row] = value;
        }

        public void SetCode(int row, int code)
        {
            if (codes.Length <= row)
            {
                codes = Grow(codes, row, CategoricalColumn.MissingCode);
            }
            codes[row] = code;
        }

        public DataColumn Finish(int rowCount)
        {
            if (Type == ColumnType.Categorical)
            {
                if (codes.Length < rowCount)
                {
                    codes = Grow(codes, rowCount - 1, CategoricalColumn.MissingCode);
                }
                return new CategoricalColumn(Name, codes.AsMemory(0, rowCount), Vocabulary!);
            }
            if (values.Length < rowCount)
            {
                values = Grow(values, rowCount - 1, double.NaN);
            }
            return new NumericColumn(Name, values.AsMemory(0, rowCount), Type);
        }

        private static T[] Grow<T>(T[] array, int row, T missing)
        {
            var grown = new T[Math.Max(Math.Max(16, row + 1), array.Length * 2)];
            array.CopyTo(grown, 0);
            grown.AsSpan(array.Length).Fill(missing);
            return grown;
        }
    }
}
