namespace Reference.FeatureStore.Offline;

// Receives each complete, valid row; the values array is reused for the next row.
public interface IRowSink
{
    void Write(RowLayout layout, RowValue[] row);
}
