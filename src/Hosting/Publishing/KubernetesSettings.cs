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

    /// <summary>IngressClass of the Ingresses that publish cross-cluster names.</summary>
    public string IngressClass { get; init; } = "nginx";

    /// <summary>cert-manager ClusterIssuer that issues each public name's certificate (ingress-shim); unused with <see cref="TlsSecretName"/>.</summary>
    public string TlsIssuer { get; init; } = "letsencrypt";

    /// <summary>An existing TLS Secret (a wildcard certificate) used by every Ingress instead of one issued per name.</summary>
    public string? TlsSecretName { get; init; }

    /// <summary>
    /// Who hosts the zone of <see cref="Domain"/>, as external-dns calls it. Weighted and failover records exist only for
    /// "aws" (Route 53 routing policies); with another DNS provider the Istio rules alone split and fail over traffic.
    /// </summary>
    public string DnsProvider { get; init; } = "aws";

    /// <summary>Route 53 health check ids by "workload/cluster", attached to failover records (created outside publish).</summary>
    public IReadOnlyDictionary<string, string> HealthCheckIds { get; init; } = new Dictionary<string, string>();
}
