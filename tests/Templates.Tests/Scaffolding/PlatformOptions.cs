namespace Reference.Templates.Tests.Scaffolding;

// One combination of the ai-platform template's options, and what deploy/clusters.yaml must then hold.
public sealed record PlatformOptions(string Name, string UseCase, string[] Clouds, string Pattern, string Residency, bool NoObservability = false)
{
    private static readonly Dictionary<(string Cloud, string Area), string[]> Regions = new()
    {
        [("aws", "eu")] = ["aws-eu-west-1", "aws-eu-central-1"],
        [("aws", "us")] = ["aws-us-east-1", "aws-us-west-2"],
        [("gcp", "eu")] = ["gcp-europe-west4", "gcp-europe-west1"],
        [("gcp", "us")] = ["gcp-us-east4", "gcp-us-central1"],
        [("azure", "eu")] = ["azure-westeurope", "azure-germanywestcentral"],
        [("azure", "us")] = ["azure-eastus", "azure-westus2"],
        [("onprem", "eu")] = ["onprem-eu"],
        [("onprem", "us")] = ["onprem-us"],
    };

    public string[] Arguments =>
    [
        "--use-case", UseCase, .. Clouds.SelectMany(c => new[] { "--clouds", c }), "--pattern", Pattern, "--residency", Residency,
        .. NoObservability ? new[] { "--no-observability" } : [],
    ];

    /// <summary>The chosen clouds, plus onprem for hybrid-burst, whose base is on-prem.</summary>
    public string[] Providers => [.. Clouds.Append(Pattern == "hybrid-burst" ? "onprem" : null).OfType<string>().Distinct()];

    public IReadOnlySet<string> ExpectedClusters =>
        Providers.SelectMany(p => (Residency switch { "eu" => ["eu"], "us" => ["us"], _ => new[] { "eu", "us" } }).SelectMany(area => Regions[(p, area)]))
            .ToHashSet(StringComparer.Ordinal);

    public string UseCaseFolder => char.ToUpperInvariant(UseCase[0]) + UseCase[1..];
}
