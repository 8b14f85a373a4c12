namespace Reference.FeatureStore.Governance;

// Where this replica runs (configuration Platform:Region and Platform:Jurisdiction): residency rules are checked against it.
public sealed class PlatformLocation
{
    public const string SectionName = "Platform";

    public string? Region { get; set; }

    public string? Jurisdiction { get; set; }
}
