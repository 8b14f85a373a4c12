namespace Reference.Hosting.Publishing;

/// <summary>Publish settings that are not placement: where things are named and reached.</summary>
public sealed record KubernetesSettings
{
    public string Namespace { get; init; } = "platform";

    /// <summary>DNS zone under which services called across clusters and weighted/failover records are published.</summary>
    public string Domain { get; init; } = "platform.example.com";

    public string ImageTag { get; init; } = "latest";

    /// <summary>Where every cluster's collector forwards; null means the OTLP receiver resource's public name.</summary>
    public string? CentralOtlpEndpoint { get; init; }

    public string Team { get; init; } = "platform";

    public string CostCenter { get; init; } = "platform";

    public string CollectorImage { get; init; } = "otel/opentelemetry-collector-contrib:0.115.1";
}
