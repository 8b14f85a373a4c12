using System.Text;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using static Reference.Hosting.Publishing.KubernetesObjects;

namespace Reference.Hosting.Publishing;

// Secrets from a cluster's External Secrets store, and the DNS pieces publish cannot make up (health checks).
internal sealed partial class KubernetesWriter
{
    private readonly List<(string Workload, string Cluster, AssignmentRole Role)> missingHealthChecks = [];

    /// <summary>
    /// One ExternalSecret (external-secrets.io/v1beta1) per Secret the overlay's objects reference, so that the operator
    /// creates it from the cluster's store: the workloads' `{name}-secrets` and the in-cluster servers' `{name}-auth`.
    /// </summary>
    private List<object> ExternalSecrets(Cluster cluster, SecretStoreRef store, IEnumerable<PublishedWorkload> placed, IEnumerable<IResource> inClusterServers)
    {
        var objects = new List<object>();
        foreach (var workload in placed)
        {
            var keys = environments[workload.Name].Secrets.Select(s => s.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (keys.Count > 0)
            {
                objects.Add(ExternalSecret(cluster, store, $"{workload.Name}-secrets", keys, WorkloadLabels(workload)));
            }
        }

        foreach (var server in inClusterServers)
        {
            objects.Add(ExternalSecret(cluster, store, $"{server.Name}-auth", ["password"], SharedLabels(cluster.Jurisdiction)));
        }

        return objects;
    }

    private static YamlMap ExternalSecret(Cluster cluster, SecretStoreRef store, string secretName, IReadOnlyList<string> keys, YamlMap labels) =>
        Object("external-secrets.io/v1beta1", "ExternalSecret", Metadata(secretName, labels), ("spec", new YamlMap
        {
            { "refreshInterval", "1h" },
            { "secretStoreRef", new YamlMap { { "name", store.Name }, { "kind", store.Kind } } },
            { "target", new YamlMap { { "name", secretName }, { "creationPolicy", "Owner" } } },
            { "data", keys.Select(key => (object)new YamlMap
                {
                    { "secretKey", key },
                    { "remoteRef", new YamlMap { { "key", RemoteKey(cluster, store, secretName) }, { "property", key } } },
                }).ToList() },
        }));

    /// <summary>Where a Secret's values live in the store: one entry per cluster and Secret, one property per key.</summary>
    public static string RemoteKey(Cluster cluster, SecretStoreRef store, string secretName) => $"{store.KeyPrefix}{cluster.Name}/{secretName}";

    /// <summary>kubernetes/DNS.md: the public names, and the failover records still waiting for a Route 53 health check id.</summary>
    private string DnsDocument()
    {
        var md = new StringBuilder();
        md.Append("# Public names\n\n");
        md.Append($"Ingresses publish `<service>.{settings.Domain}` with TLS ");
        md.Append(settings.TlsSecretName is null ? $"(one certificate per name from cert-manager ClusterIssuer `{settings.TlsIssuer}`, Secret `<service>-tls`). " : $"(Secret `{settings.TlsSecretName}`, which must exist in every cluster). ");
        md.Append(settings.DnsProvider == "aws"
            ? "external-dns writes the records into Route 53: weighted records (`aws-weight`) for active-active services and failover records (`aws-failover`) for active-passive ones.\n"
            : $"The zone is hosted by `{settings.DnsProvider}`, for which external-dns has no weighted or failover records: each cluster's record is plain, and the Istio DestinationRules split and fail over traffic.\n");
        if (missingHealthChecks.Count == 0)
        {
            return md.ToString();
        }

        md.Append("\n## Failover records without a health check\n\n");
        md.Append("Route 53 fails over only when the primary record's health check fails. Publish cannot create health checks; create one per record ");
        md.Append("against that cluster's own load balancer (HTTPS, path `/health`), then publish again with its id as `Publish:HealthChecks:<workload>:<cluster>` ");
        md.Append("(e.g. `--Publish:HealthChecks:model-registry:aws-eu-west-1=<id>`), which adds `external-dns.alpha.kubernetes.io/aws-health-check-id`.\n\n");
        md.Append("| Workload | Cluster | Record |\n| --- | --- | --- |\n");
        foreach (var (workload, cluster, role) in missingHealthChecks.Order())
        {
            md.Append($"| `{workload}` | `{cluster}` | {role.ToString().ToLowerInvariant()} |\n");
        }

        return md.ToString();
    }
}
