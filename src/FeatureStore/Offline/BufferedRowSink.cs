namespace Reference.FeatureStore.Offline;

// Keeps copies of the rows, for small requests (push) that go to more than one store.
public sealed class BufferedRowSink : IRowSink
{
    public List<RowValue[]> Rows { get; } = [];

    public void Write(RowLayout layout, RowValue[] row) => Rows.Add((RowValue[])row.Clone());
}
