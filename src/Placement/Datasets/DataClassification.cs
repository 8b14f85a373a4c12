using System.Text.Json.Serialization;

namespace Reference.Placement.Datasets;

/// <summary>How sensitive data is, in increasing order; a workload inherits the highest class it touches.</summary>
public enum DataClassification
{
    [JsonStringEnumMemberName("public")] Public = 0,
    [JsonStringEnumMemberName("internal")] Internal = 1,
    [JsonStringEnumMemberName("confidential")] Confidential = 2,
    [JsonStringEnumMemberName("restricted")] Restricted = 3,
}

public static class DataClassificationNames
{
    public static string ToName(this DataClassification classification) => classification switch
    {
        DataClassification.Public => "public",
        DataClassification.Internal => "internal",
        DataClassification.Confidential => "confidential",
        DataClassification.Restricted => "restricted",
        _ => throw new ArgumentOutOfRangeException(nameof(classification)),
    };

    public static bool TryParse(string text, out DataClassification classification)
    {
        switch (text.ToLowerInvariant())
        {
            case "public": classification = DataClassification.Public; return true;
            case "internal": classification = DataClassification.Internal; return true;
            case "confidential": classification = DataClassification.Confidential; return true;
            case "restricted": classification = DataClassification.Restricted; return true;
            default: classification = default; return false;
        }
    }

    public const string Expected = "public, internal, confidential or restricted";
}
