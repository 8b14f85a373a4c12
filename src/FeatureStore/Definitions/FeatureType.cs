namespace Reference.FeatureStore.Definitions;

// The value types a feature can have, with their wire names and PostgreSQL column types.
public enum FeatureType
{
    Int64,
    Float64,
    String,
    Bool,
    Timestamp,
    Float64Array,
}

public static class FeatureTypes
{
    public const string Accepted = "int64, float64, string, bool, timestamp or float64[]";

    public static bool TryParse(string? text, out FeatureType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "int64": type = FeatureType.Int64; return true;
            case "float64": type = FeatureType.Float64; return true;
            case "string": type = FeatureType.String; return true;
            case "bool": type = FeatureType.Bool; return true;
            case "timestamp": type = FeatureType.Timestamp; return true;
            case "float64[]" or "float64_list" or "array<float64>": type = FeatureType.Float64Array; return true;
            default: type = default; return false;
        }
    }

    public static string ToName(this FeatureType type) => type switch
    {
        FeatureType.Int64 => "int64",
        FeatureType.Float64 => "float64",
        FeatureType.String => "string",
        FeatureType.Bool => "bool",
        FeatureType.Timestamp => "timestamp",
        FeatureType.Float64Array => "float64[]",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string ToSqlType(this FeatureType type) => type switch
    {
        FeatureType.Int64 => "bigint",
        FeatureType.Float64 => "double precision",
        FeatureType.String => "text",
        FeatureType.Bool => "boolean",
        FeatureType.Timestamp => "timestamptz",
        FeatureType.Float64Array => "double precision[]",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
