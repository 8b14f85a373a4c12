using System.Text;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Clusters;
using Reference.Placement.Plans;

namespace Reference.Hosting.Publishing;

/// <summary>kubernetes/SECRETS.md: every Secret the overlays reference, per cluster, with its keys and what goes in them (never a value).</summary>
internal static class SecretsDocument
{
    public static string Render(PlacementPlan plan, IReadOnlyList<PublishedWorkload> workloads, IReadOnlyDictionary<string, EnvironmentPlan> environments, IReadOnlyList<IResource> servers, ClusterCatalogue catalogue, KubernetesSettings settings)
    {
        var md = new StringBuilder();
        md.Append("# Secrets to create before applying an overlay\n\n");
        md.Append("The manifests reference these Secrets (`envFrom.secretRef` or `secretKeyRef`) but never hold a value. ");
        md.Append($"Create each in namespace `{settings.Namespace}` of the cluster named, with a secret manager ");
        md.Append("(External Secrets Operator, Sealed Secrets, the cloud's CSI driver) or `kubectl create secret generic NAME --from-literal=KEY=...`.\n");
        foreach (var allocation in plan.Clusters.Where(c => c.Workloads.Count > 0))
        {
            var cluster = catalogue.Find(allocation.Cluster)!;
            md.Append($"\n## {allocation.Cluster}\n\n");
            if (cluster.SecretStore is { } store)
            {
                md.Append($"External Secrets creates these from {store.Kind} `{store.Name}` (`external-secrets.yaml`): put each Secret's keys as properties of entry `{KubernetesWriter.RemoteKey(cluster, store, "<secret>")}` in the store.\n\n");
            }

            md.Append("| Secret | Key | Holds |\n| --- | --- | --- |\n");
            var here = allocation.Workloads.Select(w => w.Workload).ToHashSet(StringComparer.Ordinal);
            var inCluster = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var workload in workloads.Where(w => here.Contains(w.Name)))
            {
                foreach (var secret in environments[workload.Name].Secrets)
                {
                    var where = secret.Server switch
                    {
                        null => "",
                        PostgresServerResource => cluster.Postgres.IsManaged ? $" on {cluster.Postgres.Product} (managed)" : $" on the in-cluster server `{secret.Server.Name}:5432` (password in `{secret.Server.Name}-auth`)",
                        _ => cluster.Redis.IsManaged ? $" on {cluster.Redis.Product} (managed)" : $" on the in-cluster server `{secret.Server.Name}:6379` (password in `{secret.Server.Name}-auth`)",
                    };
                    if (secret.Server is { } s && !(s is PostgresServerResource ? cluster.Postgres : cluster.Redis).IsManaged)
                    {
                        inCluster.Add(s.Name);
                    }

                    md.Append($"| `{workload.Name}-secrets` | `{secret.Key}` | {secret.Description}{where} |\n");
                }
            }

            foreach (var server in inCluster)
            {
                md.Append($"| `{server}-auth` | `password` | the password of the in-cluster server `{server}` (also inside the connection strings above) |\n");
            }
        }

        return md.ToString();
    }
}
