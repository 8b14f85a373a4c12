namespace Reference.Learning.Data;

/// <summary>Row indices of a training part and a validation part, each in ascending row order.</summary>
public sealed record RowSplit(int[] Train, int[] Validation)
{
    /// <summary>
    /// The latest <paramref name="validationFraction"/> of rows by timestamp are validation, the
    /// rest training, so validation measures the future the model will meet. Rows sharing the
    /// boundary timestamp all go to validation, so no instant is on both sides.
    /// </summary>
    public static RowSplit ByTime(ReadOnlySpan<double> timestamps, double validationFraction)
    {
        CheckFraction(validationFraction);
        var order = new int[timestamps.Length];
        var keys = new double[timestamps.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (double.IsNaN(timestamps[i]))
            {
                throw new ArgumentException($"Row {i} has no timestamp; a time-based split needs one on every row.", nameof(timestamps));
            }
            order[i] = i;
            keys[i] = timestamps[i];
        }
        // Sorting (timestamp, row) pairs keeps equal timestamps in row order: the split is deterministic.
        Array.Sort(keys, order);
        SortTiesByRow(keys, order);
        var cut = order.Length - (int)Math.Ceiling(order.Length * validationFraction);
        while (cut > 0 && cut < order.Length && keys[cut - 1] == keys[cut])
        {
            cut--;
        }
        if (cut == 0)
        {
            throw new ArgumentException(
                $"All {order.Length} rows fall in the validation part (the boundary timestamp is the earliest); use a smaller fraction.",
                nameof(validationFraction));
        }
        var train = order[..cut];
        var validation = order[cut..];
        Array.Sort(train);
        Array.Sort(validation);
        return new RowSplit(train, validation);
    }

    /// <summary>Time split on a timestamp or numeric column of a table.</summary>
    public static RowSplit ByTime(TabularData table, string timestampColumn, double validationFraction)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table[timestampColumn] is not NumericColumn column)
        {
            throw new ArgumentException(
                $"Column '{timestampColumn}' holds strings; declare it as a timestamp column (TabularDataBuilder.DeclareColumn) so its values are instants.",
                nameof(timestampColumn));
        }
        return ByTime(column.Values.Span, validationFraction);
    }

    /// <summary>A seeded random split: the same seed and row count give the same split.</summary>
    public static RowSplit Random(int rowCount, double validationFraction, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        CheckFraction(validationFraction);
        var order = new int[rowCount];
        for (var i = 0; i < rowCount; i++)
        {
            order[i] = i;
        }
        new SeededRandom(seed).Shuffle(order.AsSpan());
        var validationCount = (int)Math.Ceiling(rowCount * validationFraction);
        if (validationCount >= rowCount)
        {
            throw new ArgumentException($"A fraction of {validationFraction} leaves no training rows out of {rowCount}.", nameof(validationFraction));
        }
        var validation = order[..validationCount];
        var train = order[validationCount..];
        Array.Sort(train);
        Array.Sort(validation);
        return new RowSplit(train, validation);
    }

    private static void SortTiesByRow(double[] keys, int[] order)
    {
        // Array.Sort is unstable; restore row order inside each run of equal timestamps.
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                {
                    Array.Sort(order, start, i - start);
                }
                start = i;
            }
        }
    }

    private static void CheckFraction(double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be in (0, 1).");
        }
    }
}
