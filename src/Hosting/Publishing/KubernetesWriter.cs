using System.Globalization;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;
using static Reference.Hosting.Publishing.KubernetesObjects;

namespace Reference.Hosting.Publishing;

/// <summary>
/// kubernetes/: one base per workload, kustomize Components for in-cluster PostgreSQL and Redis, and one overlay per
/// cluster of the plan holding only what the plan puts there, with its replicas, registry, labels, collector and traffic rules.
/// </summary>
internal sealed partial class KubernetesWriter(
    PlacementPlan plan,
    IReadOnlyList<PublishedWorkload> workloads,
    IReadOnlyList<IResource> model,
    ClusterCatalogue catalogue,
    KubernetesSettings settings,
    Microsoft.Extensions.Configuration.IConfiguration configuration)
{
    public const string BurstRankLabel = "placement.reference.dev/burst-rank";
    public const string RoleLabel = "placement.reference.dev/role";
    private const string DnsPrefix = "external-dns.alpha.kubernetes.io/";
    private const int AppUser = 1654;

    private readonly Dictionary<string, EnvironmentPlan> environments = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> files = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Write()
    {
        foreach (var workload in workloads)
        {
            var source = workload.Project ?? Trainer();
            environments[workload.Name] = source is null
                ? new EnvironmentPlan(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = EnvironmentPlan.CollectorEndpoint }, [], [])
                : EnvironmentPlan.Of(source, model, configuration);
            WriteBase(workload);
        }

        foreach (var server in Servers())
        {
            WriteComponent(server);
        }

        foreach (var allocation in plan.Clusters.Where(c => c.Workloads.Count > 0))
        {
            WriteOverlay(allocation);
        }

        files["kubernetes/SECRETS.md"] = SecretsDocument.Render(plan, workloads, environments, Servers(), catalogue, settings);
        files["kubernetes/DNS.md"] = DnsDocument();
        if (BurstDocument() is { } burst)
        {
            files["kubernetes/BURST.md"] = burst;
        }

        return files;
    }

    private ProjectResource? Trainer() =>
        model.OfType<ProjectResource>().FirstOrDefault(p => Path.GetFileNameWithoutExtension(p.Project.ProjectPath).EndsWith("TrainingRunner", StringComparison.Ordinal) && !p.Name.Contains("worker", StringComparison.Ordinal));

    private List<IResource> Servers() =>
        environments.Values.SelectMany(e => e.Secrets).Select(s => s.Server).OfType<IResource>().Distinct().OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    private WorkloadPlacement Placement(string name) => plan.Workload(name);

    private YamlMap WorkloadLabels(PublishedWorkload workload)
    {
        var placement = Placement(workload.Name);
        return new YamlMap
        {
            { "team", LabelValue(workload.Team) },
            { "cost-center", LabelValue(workload.CostCenter) },
            { "use-case", LabelValue(workload.UseCase) },
            { "placement-pattern", LabelValue(placement.Pattern) },
            { "residency", placement.Residency.Count == 0 ? "any" : LabelValue(string.Join("_", placement.Residency)) },
            { "classification", placement.Classification.ToString().ToLowerInvariant() },
        };
    }

    private YamlMap SharedLabels(string jurisdiction) => new()
    {
        { "team", LabelValue(settings.Team) },
        { "cost-center", LabelValue(settings.CostCenter) },
        { "use-case", PublishedWorkload.SharedUseCase },
        { "placement-pattern", "cluster-local" },
        { "residency", LabelValue(jurisdiction) },
    };

    private void WriteBase(PublishedWorkload workload)
    {
        var dir = $"kubernetes/base/{workload.Name}";
        var env = environments[workload.Name];
        var name = workload.Name;
        var resources = new List<object> { "configmap.yaml" };
        var configValues = new SortedDictionary<string, string>(env.Values, StringComparer.Ordinal);
        if (workload.Project is null)
        {
            configValues["OTEL_SERVICE_NAME"] = name;
            configValues["Training__Job__UseCase"] = workload.UseCase;
            configValues["Training__Job__RunOnce"] = "true";
        }

        files[$"{dir}/configmap.yaml"] = YamlText.Document(ConfigMap($"{name}-env", configValues));

        var selector = new YamlMap { { NameLabel, name } };
        var container = Container(workload, env);
        var pod = new YamlMap
        {
            { "metadata", new YamlMap { { "labels", new YamlMap { { NameLabel, name } } } } },
            { "spec", PodSpec(container, workload.Project is null ? "Never" : null) },
        };
        if (workload.Workload.Kind == WorkloadKind.Job)
        {
            resources.Add("job.yaml");
            files[$"{dir}/job.yaml"] = YamlText.Document(Object("batch/v1", "Job", Metadata(name, new YamlMap { { NameLabel, name } }),
                ("spec", new YamlMap
                {
                    { "parallelism", 1 },
                    { "completions", 1 },
                    { "backoffLimit", 2 },
                    { "template", pod },
                })));
        }
        else
        {
            resources.Add("deployment.yaml");
            resources.Add("service.yaml");
            files[$"{dir}/deployment.yaml"] = YamlText.Document(Object("apps/v1", "Deployment", Metadata(name, new YamlMap { { NameLabel, name } }),
                ("spec", new YamlMap
                {
                    { "replicas", 1 },
                    { "revisionHistoryLimit", 3 },
                    { "selector", new YamlMap { { "matchLabels", selector } } },
                    { "template", pod },
                })));
            files[$"{dir}/service.yaml"] = YamlText.Document(Object("v1", "Service", Metadata(name, new YamlMap { { NameLabel, name } }),
                ("spec", new YamlMap
                {
                    { "selector", selector },
                    { "ports", new List<object> { new YamlMap { { "name", "http" }, { "port", 80 }, { "targetPort", "http" }, { "protocol", "TCP" } } } },
                })));
        }

        files[$"{dir}/kustomization.yaml"] = YamlText.Document(Kustomization("Kustomization", resources, WorkloadLabels(workload)));
    }

    private static YamlMap Kustomization(string kind, List<object> resources, YamlMap? labels)
    {
        var map = new YamlMap
        {
            { "apiVersion", kind == "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1" },
            { "kind", kind },
        };
        if (labels is not null)
        {
            map.Add("labels", new List<object> { new YamlMap { { "pairs", labels }, { "includeSelectors", false }, { "includeTemplates", true } } });
        }

        map.Add("resources", resources);
        return map;
    }

    private YamlMap Container(PublishedWorkload workload, EnvironmentPlan env)
    {
        var request = workload.Workload.PerReplica;
        var envFrom = new List<object> { new YamlMap { { "configMapRef", new YamlMap { { "name", $"{workload.Name}-env" } } } } };
        if (env.Secrets.Count > 0)
        {
            envFrom.Add(new YamlMap { { "secretRef", new YamlMap { { "name", $"{workload.Name}-secrets" } } } });
        }

        var container = new YamlMap
        {
            { "name", workload.Name },
            { "image", workload.Image },
            { "imagePullPolicy", "IfNotPresent" },
        };
        if (workload.Project is not null)
        {
            container.Add("ports", new List<object> { new YamlMap { { "name", "http" }, { "containerPort", ContainerPort }, { "protocol", "TCP" } } });
        }

        var variables = new List<object>
        {
            new YamlMap { { "name", "POD_NAME" }, { "valueFrom", new YamlMap { { "fieldRef", new YamlMap { { "fieldPath", "metadata.name" } } } } } },
            new YamlMap { { "name", "OTEL_RESOURCE_ATTRIBUTES" }, { "value", "service.instance.id=$(POD_NAME)" } },
        };
        if (workload.Workload.Kind == WorkloadKind.Job)
        {
            // One run per Job object: its pods (retries included) share the Job controller's uid, so a restarted pod
            // attaches to the run its predecessor submitted instead of starting another.
            variables.Add(new YamlMap
            {
                { "name", "Training__Job__RunId" },
                { "valueFrom", new YamlMap { { "fieldRef", new YamlMap { { "fieldPath", "metadata.labels['batch.kubernetes.io/controller-uid']" } } } } },
            });
        }

        container.Add("env", variables);
        container.Add("envFrom", envFrom);
        container.Add("resources", Resources(request.Cpu, request.MemoryGb, request.Gpu?.Count ?? 0));
        if (workload.Project is not null)
        {
            container.Add("livenessProbe", HttpProbe("/alive", 10, 3));
            container.Add("readinessProbe", HttpProbe("/health", 5, 3));
        }

        container.Add("securityContext", ContainerSecurityContext());
        container.Add("volumeMounts", new List<object> { Mount("tmp", "/tmp") });
        return container;
    }

    private static YamlMap PodSpec(YamlMap container, string? restartPolicy)
    {
        var spec = new YamlMap();
        if (restartPolicy is not null)
        {
            spec.Add("restartPolicy", restartPolicy);
        }

        spec.Add("automountServiceAccountToken", false);
        spec.Add("securityContext", PodSecurityContext(AppUser));
        spec.Add("containers", new List<object> { container });
        spec.Add("volumes", new List<object> { TmpVolume() });
        return spec;
    }
}
