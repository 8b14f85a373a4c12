namespace Reference.Learning.Data;

/// <summary>The logical type of a column or model input.</summary>
public enum ColumnType
{
    Float64,
    Int64,
    Bool,
    /// <summary>Strings stored as integer codes into a vocabulary.</summary>
    Categorical,
    /// <summary>Instants stored as Unix seconds (float64), parsed from RFC 3339 strings.</summary>
    Timestamp,
}

internal static class ColumnTypeNames
{
    public static string ToWireName(this ColumnType type) => type switch
    {
        ColumnType.Float64 => "float64",
        ColumnType.Int64 => "int64",
        ColumnType.Bool => "bool",
        ColumnType.Categorical => "categorical",
        ColumnType.Timestamp => "timestamp",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? name, out ColumnType type)
    {
        switch (name)
        {
            case "float64": type = ColumnType.Float64; return true;
            case "int64": type = ColumnType.Int64; return true;
            case "bool": type = ColumnType.Bool; return true;
            case "categorical": type = ColumnType.Categorical; return true;
            case "timestamp": type = ColumnType.Timestamp; return true;
            default: type = default; return false;
        }
    }
}
