namespace Reference.Learning.Trainers;

/// <summary>
/// Splits rows into a number of contiguous groups that depends only on the row count, never on
/// the thread count. Each group is summed in row order by one thread and the group partials are
/// added in group order, so parallel sums give the same bits on 1 or 64 cores.
/// </summary>
internal readonly record struct RowBlocks(int RowCount, int GroupCount)
{
    private const int MinRowsPerGroup = 8_192;
    private const int MaxGroups = 32;

    public static RowBlocks For(int rowCount) =>
        new(rowCount, Math.Clamp(rowCount / MinRowsPerGroup, 1, MaxGroups));

    public int Start(int group) => (int)((long)RowCount * group / GroupCount);

    public int End(int group) => (int)((long)RowCount * (group + 1) / GroupCount);
}
