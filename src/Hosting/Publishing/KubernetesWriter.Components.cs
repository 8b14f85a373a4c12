using System.Globalization;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;
using static Reference.Hosting.Publishing.KubernetesObjects;

namespace Reference.Hosting.Publishing;

// In-cluster PostgreSQL and Redis as kustomize Components, included by the overlays of clusters without a managed offering.
internal sealed partial class KubernetesWriter
{
    private void WriteComponent(IResource server)
    {
        var dir = $"kubernetes/components/{server.Name}";
        var labels = new YamlMap { { NameLabel, server.Name } };
        var selector = new YamlMap { { NameLabel, server.Name } };
        var isPostgres = server is PostgresServerResource;
        var port = isPostgres ? 5432 : 6379;
        var secretEnv = new YamlMap
        {
            { "name", isPostgres ? "POSTGRES_PASSWORD" : "REDIS_PASSWORD" },
            { "valueFrom", new YamlMap { { "secretKeyRef", new YamlMap { { "name", $"{server.Name}-auth" }, { "key", "password" } } } } },
        };
        var env = new List<object> { secretEnv };
        var mounts = new List<object> { Mount("data", isPostgres ? "/var/lib/postgresql/data" : "/data"), Mount("tmp", "/tmp") };
        var volumes = new List<object> { TmpVolume() };
        var resources = new List<object> { "statefulset.yaml", "service.yaml" };
        var container = new YamlMap
        {
            { "name", isPostgres ? "postgres" : "redis" },
            { "image", isPostgres ? AspireManifestWriter.PostgresImage : AspireManifestWriter.RedisImage },
        };
        if (isPostgres)
        {
            env.Add(new YamlMap { { "name", "PGDATA" }, { "value", "/var/lib/postgresql/data/pgdata" } });
            mounts.Add(Mount("run", "/var/run/postgresql"));
            mounts.Add(Mount("init", "/docker-entrypoint-initdb.d"));
            volumes.Add(new YamlMap { { "name", "run" }, { "emptyDir", new YamlMap() } });
            volumes.Add(new YamlMap { { "name", "init" }, { "configMap", new YamlMap { { "name", $"{server.Name}-init" } } } });
            var databases = ((PostgresServerResource)server).Databases.Select(d => d.DatabaseName).Order(StringComparer.Ordinal);
            files[$"{dir}/init.yaml"] = YamlText.Document(ConfigMap($"{server.Name}-init",
                [new("create-databases.sql", string.Concat(databases.Select(d => $"CREATE DATABASE \"{d}\";\n")))], labels));
            resources.Insert(0, "init.yaml");
        }
        else
        {
            container.Add("command", new List<object> { "redis-server" });
            container.Add("args", new List<object> { "--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes" });
        }

        var probe = new YamlMap
        {
            { "exec", new YamlMap { { "command", isPostgres ? new List<object> { "pg_isready", "-U", "postgres" } : new List<object> { "sh", "-c", "redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning ping | grep -q PONG" } } } },
            { "periodSeconds", 10 },
            { "timeoutSeconds", 5 },
            { "failureThreshold", 6 },
        };
        container.Add("ports", new List<object> { new YamlMap { { "name", "tcp" }, { "containerPort", port }, { "protocol", "TCP" } } });
        container.Add("env", env);
        container.Add("resources", Resources(isPostgres ? 1 : 0.5, isPostgres ? 2 : 1, 0));
        container.Add("livenessProbe", probe);
        container.Add("readinessProbe", probe);
        container.Add("securityContext", ContainerSecurityContext());
        container.Add("volumeMounts", mounts);

        files[$"{dir}/statefulset.yaml"] = YamlText.Document(Object("apps/v1", "StatefulSet", Metadata(server.Name, labels), ("spec", new YamlMap
        {
            { "serviceName", server.Name },
            { "replicas", 1 },
            { "selector", new YamlMap { { "matchLabels", selector } } },
            { "template", new YamlMap
                {
                    { "metadata", new YamlMap { { "labels", labels } } },
                    { "spec", new YamlMap
                        {
                            { "automountServiceAccountToken", false },
                            { "securityContext", PodSecurityContext(999) },
                            { "containers", new List<object> { container } },
                            { "volumes", volumes },
                        }
                    },
                }
            },
            { "volumeClaimTemplates", new List<object>
                {
                    new YamlMap
                    {
                        { "metadata", new YamlMap { { "name", "data" } } },
                        { "spec", new YamlMap
                            {
                                { "accessModes", new List<object> { "ReadWriteOnce" } },
                                { "resources", new YamlMap { { "requests", new YamlMap { { "storage", isPostgres ? "20Gi" : "5Gi" } } } } },
                            }
                        },
                    },
                }
            },
        })));
        files[$"{dir}/service.yaml"] = YamlText.Document(Object("v1", "Service", Metadata(server.Name, labels), ("spec", new YamlMap
        {
            { "selector", selector },
            { "ports", new List<object> { new YamlMap { { "name", "tcp" }, { "port", port }, { "targetPort", "tcp" }, { "protocol", "TCP" } } } },
        })));
        var kustomization = Kustomization("Component", resources, new YamlMap
        {
            { "team", LabelValue(settings.Team) },
            { "cost-center", LabelValue(settings.CostCenter) },
            { "use-case", PublishedWorkload.SharedUseCase },
            { "placement-pattern", "cluster-local" },
        });
        files[$"{dir}/kustomization.yaml"] = YamlText.Document(kustomization);
    }
}
