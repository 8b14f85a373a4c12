namespace Reference.Serving.Inference;

// One input tensor as the first pass saw it: where its name and data lie in the body, its datatype and shape.
// Data is decoded later, straight into the row buffer, once the serving version (and so the signature) is known.
internal struct TensorHeader
{
    public int NameStart;
    public int NameLength;
    public string? EscapedName;
    public TensorDatatype Datatype;
    public int Rank;
    public long Dim0;
    public long Dim1;
    public int DataStart;
    public int DataEnd;
    public bool HasData;
    public bool HasDatatype;
}
