namespace Reference.ServiceDefaults;

// Ordered: a clearance at or above a classification may read it.
public enum DataClassification
{
    Public = 0,
    Internal = 1,
    Confidential = 2,
    Restricted = 3,
}

public static class DataClassificationNames
{
    public static bool TryParse(string? value, out DataClassification classification)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "public": classification = DataClassification.Public; return true;
            case "internal": classification = DataClassification.Internal; return true;
            case "confidential": classification = DataClassification.Confidential; return true;
            case "restricted": classification = DataClassification.Restricted; return true;
            default: classification = default; return false;
        }
    }

    public static DataClassification Parse(string value) =>
        TryParse(value, out var classification)
            ? classification
            : throw new FormatException($"'{value}' is not a data classification; use public, internal, confidential or restricted.");

    public static string ToName(this DataClassification classification) => classification switch
    {
        DataClassification.Public => "public",
        DataClassification.Internal => "internal",
        DataClassification.Confidential => "confidential",
        DataClassification.Restricted => "restricted",
        _ => throw new ArgumentOutOfRangeException(nameof(classification), classification, null),
    };
}
