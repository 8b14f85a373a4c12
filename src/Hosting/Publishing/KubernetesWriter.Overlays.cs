using System.Globalization;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;
using static Reference.Hosting.Publishing.KubernetesObjects;

namespace Reference.Hosting.Publishing;

// One overlay per cluster of the plan: replicas, registry, data-service endpoints, labels and the parts the pattern needs.
internal sealed partial class KubernetesWriter
{
    private void WriteOverlay(ClusterAllocation allocation)
    {
        var cluster = catalogue.Find(allocation.Cluster)!;
        var dir = $"kubernetes/overlays/{allocation.Cluster}";
        var here = allocation.Workloads.Select(w => w.Workload).ToHashSet(StringComparer.Ordinal);
        var placed = workloads.Where(w => here.Contains(w.Name)).ToList();
        var resources = new List<object> { "namespace.yaml", "data-services.yaml", "otel-collector.yaml" };
        resources.AddRange(placed.Select(w => (object)$"../../base/{w.Name}"));

        files[$"{dir}/namespace.yaml"] = YamlText.Document(Object("v1", "Namespace", Metadata(settings.Namespace, SharedLabels(cluster.Jurisdiction))));
        files[$"{dir}/otel-collector.yaml"] = YamlText.Documents(Collector(cluster, here));

        // Servers this cluster must run itself: referenced by a workload here, with no managed offering.
        var needed = placed.SelectMany(w => environments[w.Name].Secrets).Select(s => s.Server).OfType<IResource>().Distinct().OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var components = needed.Where(s => !(s is PostgresServerResource ? cluster.Postgres : cluster.Redis).IsManaged).Select(s => (object)$"../../components/{s.Name}").ToList();
        files[$"{dir}/data-services.yaml"] = YamlText.Document(ConfigMap("data-services", DataServices(cluster, needed), SharedLabels(cluster.Jurisdiction)));

        var patches = new List<object>();
        var traffic = new List<object>();
        var ingresses = new List<object>();

        // A server run in the cluster holds data under the cluster's jurisdiction; components are shared, so overlays add that label.
        foreach (var server in needed.Where(s => components.Contains($"../../components/{s.Name}")))
        {
            var residency = new YamlMap { { "residency", LabelValue(cluster.Jurisdiction) } };
            patches.Add(Patch(Object("apps/v1", "StatefulSet", Metadata(server.Name, residency),
                ("spec", new YamlMap { { "template", new YamlMap { { "metadata", new YamlMap { { "labels", residency } } } } } }))));
            patches.Add(Patch(Object("v1", "Service", Metadata(server.Name, residency))));
            if (server is PostgresServerResource)
            {
                patches.Add(Patch(Object("v1", "ConfigMap", Metadata($"{server.Name}-init", residency))));
            }
        }
        foreach (var workload in placed)
        {
            var assignment = allocation.Workloads.First(w => w.Workload == workload.Name);
            var placement = Placement(workload.Name);
            var roleLabels = new YamlMap { { RoleLabel, assignment.Role.ToString().ToLowerInvariant() } };
            if (assignment.BurstRank is { } rank)
            {
                roleLabels.Add(BurstRankLabel, rank.ToString(CultureInfo.InvariantCulture));
            }

            if (workload.Workload.Kind == WorkloadKind.Job)
            {
                // Burst pools wait suspended, in rank order; kubernetes/BURST.md says why nothing resumes them itself and how to.
                var jobSpec = new YamlMap { { "parallelism", assignment.Replicas } };
                if (assignment.Role == AssignmentRole.Burst)
                {
                    jobSpec.Add("suspend", true);
                }

                var annotations = new YamlMap();
                if (assignment.BurstRank is { } r)
                {
                    annotations.Add(BurstRankLabel, r.ToString(CultureInfo.InvariantCulture));
                }

                patches.Add(Patch(Object("batch/v1", "Job", Metadata(workload.Name, roleLabels, annotations), ("spec", jobSpec))));
                // A run-once pod is a pool of its own; its labels are what the runner checks data placement against
                // (restricted data only on-prem, residency by jurisdiction), so they come from the cluster it runs on.
                patches.Add(Patch(ConfigMap($"{workload.Name}-env",
                [
                    new("Training__Worker__Pool", PoolName(workload, assignment)),
                    new("Training__Worker__Labels__location", cluster.Provider == CloudProvider.OnPrem ? "onprem" : "cloud"),
                    new("Training__Worker__Labels__provider", cluster.Provider.ToName()),
                    new("Training__Worker__Labels__jurisdiction", cluster.Jurisdiction),
                ])));
            }
            else
            {
                patches.Add(Patch(Object("apps/v1", "Deployment", Metadata(workload.Name, roleLabels),
                    ("spec", new YamlMap { { "replicas", assignment.Replicas }, { "template", new YamlMap { { "metadata", new YamlMap { { "labels", roleLabels } } } } } }))));
                if (Ingress(workload, placement, cluster) is { } ingress)
                {
                    ingresses.Add(ingress);
                }

                if (DestinationRule(workload, placement) is { } rule)
                {
                    traffic.Add(rule);
                }
            }

            // Services called on another cluster are reached through their public name; the feature store learns where it runs.
            var env = environments[workload.Name];
            var overrides = new List<KeyValuePair<string, string>>();
            foreach (var (key, value) in env.Values)
            {
                var callee = env.CalledServices.FirstOrDefault(s => value == EnvironmentPlan.InClusterUrl(s));
                if (callee is not null && !here.Contains(callee))
                {
                    overrides.Add(new(key, PublicUrl(callee)));
                }
            }

            if (env.Values.ContainsKey("Platform__Region"))
            {
                overrides.Add(new("Platform__Region", cluster.Region));
            }

            if (env.Values.ContainsKey("Platform__Jurisdiction"))
            {
                overrides.Add(new("Platform__Jurisdiction", cluster.Jurisdiction));
            }

            if (overrides.Count > 0)
            {
                patches.Add(Patch(ConfigMap($"{workload.Name}-env", overrides)));
            }
        }

        if (traffic.Count > 0)
        {
            resources.Add("traffic.yaml");
            files[$"{dir}/traffic.yaml"] = YamlText.Documents(traffic);
        }

        if (ingresses.Count > 0)
        {
            resources.Add("ingress.yaml");
            files[$"{dir}/ingress.yaml"] = YamlText.Documents(ingresses);
        }

        if (cluster.SecretStore is { } store && ExternalSecrets(cluster, store, placed, needed.Where(s => components.Contains($"../../components/{s.Name}"))) is { Count: > 0 } externalSecrets)
        {
            resources.Add("external-secrets.yaml");
            files[$"{dir}/external-secrets.yaml"] = YamlText.Documents(externalSecrets);
        }

        var kustomization = new YamlMap
        {
            { "apiVersion", "kustomize.config.k8s.io/v1beta1" },
            { "kind", "Kustomization" },
            { "namespace", settings.Namespace },
            { "labels", new List<object> { new YamlMap
                {
                    { "pairs", new YamlMap { { "jurisdiction", LabelValue(cluster.Jurisdiction) }, { "cluster", LabelValue(cluster.Name) }, { "cloud-provider", cluster.Provider.ToName() } } },
                    { "includeSelectors", false },
                    { "includeTemplates", true },
                } } },
            { "resources", resources },
        };
        if (components.Count > 0)
        {
            kustomization.Add("components", components);
        }

        var images = placed.Select(w => w.Image).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(image => (object)new YamlMap { { "name", image }, { "newName", $"{cluster.Registry}/{image}" }, { "newTag", settings.ImageTag } })
            .ToList();
        var collectorImage = settings.CollectorImage.Split(':');
        images.Add(new YamlMap { { "name", collectorImage[0] }, { "newName", $"{cluster.Registry}/{collectorImage[0].Split('/')[^1]}" }, { "newTag", collectorImage.Length > 1 ? collectorImage[1] : "latest" } });
        kustomization.Add("images", images);
        if (patches.Count > 0)
        {
            kustomization.Add("patches", patches.Select(p => (object)new YamlMap { { "patch", p } }).ToList());
        }

        files[$"{dir}/kustomization.yaml"] = YamlText.Document(kustomization);
    }

    private static string Patch(YamlMap patch) => YamlText.Document(patch);

    private static string PoolName(PublishedWorkload workload, ClusterWorkload assignment)
    {
        var pools = workload.Spec?.TrainingPools ?? [];
        return assignment.Role switch
        {
            AssignmentRole.Base => pools.FirstOrDefault(p => p.Contains("onprem", StringComparison.OrdinalIgnoreCase)) ?? "onprem",
            AssignmentRole.Burst => pools.FirstOrDefault(p => !p.Contains("onprem", StringComparison.OrdinalIgnoreCase)) ?? "cloud-burst",
            _ => pools.FirstOrDefault() ?? "default",
        };
    }

    private string PublicHost(string service) => $"{service}.{settings.Domain}";

    private string PublicUrl(string service) => $"https://{PublicHost(service)}";

    private static List<KeyValuePair<string, string>> DataServices(Cluster cluster, List<IResource> needed)
    {
        var data = new List<KeyValuePair<string, string>>();
        foreach (var server in needed)
        {
            var offering = server is PostgresServerResource ? cluster.Postgres : cluster.Redis;
            data.Add(new($"{server.Name}.product", offering.Product));
            data.Add(new($"{server.Name}.mode", offering.IsManaged ? "managed" : "in-cluster"));
            data.Add(new($"{server.Name}.endpoint", offering.IsManaged ? "from-secret" : $"{server.Name}:{(server is PostgresServerResource ? 5432 : 6379)}"));
        }

        return data;
    }
}
