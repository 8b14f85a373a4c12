using System.Text.Json.Serialization;

namespace Reference.Placement.Clusters;

/// <summary>Who runs a cluster. On-prem counts as a provider so that rules can say "onprem".</summary>
public enum CloudProvider
{
    [JsonStringEnumMemberName("aws")] Aws,
    [JsonStringEnumMemberName("gcp")] Gcp,
    [JsonStringEnumMemberName("azure")] Azure,
    [JsonStringEnumMemberName("onprem")] OnPrem,
}

public static class CloudProviderNames
{
    /// <summary>The spelling used in YAML, rules, labels and reports.</summary>
    public static string ToName(this CloudProvider provider) => provider switch
    {
        CloudProvider.Aws => "aws",
        CloudProvider.Gcp => "gcp",
        CloudProvider.Azure => "azure",
        CloudProvider.OnPrem => "onprem",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static bool TryParse(string text, out CloudProvider provider)
    {
        switch (text.ToLowerInvariant())
        {
            case "aws": provider = CloudProvider.Aws; return true;
            case "gcp": provider = CloudProvider.Gcp; return true;
            case "azure": provider = CloudProvider.Azure; return true;
            case "onprem" or "on-prem": provider = CloudProvider.OnPrem; return true;
            default: provider = default; return false;
        }
    }

    public const string Expected = "aws, gcp, azure or onprem";
}
