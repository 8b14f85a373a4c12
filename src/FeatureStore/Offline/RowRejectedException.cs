namespace Reference.FeatureStore.Offline;

// A row that cannot be stored; the whole request is rolled back and the row and field are named.
public sealed class RowRejectedException(long row, string field, string message) : Exception(message)
{
    // Counting from 0, in the order the rows were sent.
    public long Row { get; } = row;

    public string Field { get; } = field;

    public string ErrorKey => $"rows[{Row}].{Field}";
}
