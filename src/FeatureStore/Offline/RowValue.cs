namespace Reference.FeatureStore.Offline;

// One parsed cell, kept unboxed: only the member of the column's type is meaningful.
public struct RowValue
{
    public bool IsSet;
    public bool IsNull;
    public long Int;
    public double Float;
    public bool Bool;
    public DateTime Time;
    public string? Text;
    public double[]? Array;
}
