namespace Reference.Serving.Inference;

// The Open Inference Protocol datatypes this server accepts (tabular models take numbers, booleans and strings).
public enum TensorDatatype
{
    Unknown,
    Fp64,
    Fp32,
    Int64,
    Int32,
    Bool,
    Bytes,
}

public static class TensorDatatypeNames
{
    public const string Supported = "FP64, FP32, INT64, INT32, BOOL or BYTES";

    public static TensorDatatype Parse(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("FP64"u8) => TensorDatatype.Fp64,
        _ when name.SequenceEqual("FP32"u8) => TensorDatatype.Fp32,
        _ when name.SequenceEqual("INT64"u8) => TensorDatatype.Int64,
        _ when name.SequenceEqual("INT32"u8) => TensorDatatype.Int32,
        _ when name.SequenceEqual("BOOL"u8) => TensorDatatype.Bool,
        _ when name.SequenceEqual("BYTES"u8) => TensorDatatype.Bytes,
        _ => TensorDatatype.Unknown,
    };

    public static bool IsNumeric(this TensorDatatype type) => type is TensorDatatype.Fp64 or TensorDatatype.Fp32 or TensorDatatype.Int64 or TensorDatatype.Int32;

    public static string ToName(this TensorDatatype type) => type switch
    {
        TensorDatatype.Fp64 => "FP64",
        TensorDatatype.Fp32 => "FP32",
        TensorDatatype.Int64 => "INT64",
        TensorDatatype.Int32 => "INT32",
        TensorDatatype.Bool => "BOOL",
        TensorDatatype.Bytes => "BYTES",
        _ => "unknown",
    };
}
