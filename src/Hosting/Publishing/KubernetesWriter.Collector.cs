using System.Globalization;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;
using static Reference.Hosting.Publishing.KubernetesObjects;

namespace Reference.Hosting.Publishing;

// The per-cluster OpenTelemetry Collector that forwards to the central observability endpoint (one pane across clouds).
internal sealed partial class KubernetesWriter
{
    private List<object> Collector(Cluster cluster, HashSet<string> here)
    {
        var receiver = model.FirstOrDefault(r => r.OfAnnotation<OtlpReceiverAnnotation>().Any());
        var central = settings.CentralOtlpEndpoint
            ?? (receiver is null ? $"https://otlp.{settings.Domain}" : here.Contains(receiver.Name) ? EnvironmentPlan.InClusterUrl(receiver.Name) : PublicUrl(receiver.Name));
        var config = $"""
            extensions:
              health_check:
                endpoint: 0.0.0.0:13133
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 0.0.0.0:4317
                  http:
                    endpoint: 0.0.0.0:4318
            processors:
              memory_limiter:
                check_interval: 1s
                limit_percentage: 80
                spike_limit_percentage: 25
              resource:
                attributes:
                  - {"{"}key: k8s.cluster.name, value: {cluster.Name}, action: upsert{"}"}
                  - {"{"}key: cloud.provider, value: {cluster.Provider.ToName()}, action: upsert{"}"}
                  - {"{"}key: cloud.region, value: {cluster.Region}, action: upsert{"}"}
              batch: {"{}"}
            exporters:
              otlphttp:
                endpoint: {central}
            service:
              extensions: [health_check]
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [memory_limiter, resource, batch]
                  exporters: [otlphttp]
                metrics:
                  receivers: [otlp]
                  processors: [memory_limiter, resource, batch]
                  exporters: [otlphttp]
                logs:
                  receivers: [otlp]
                  processors: [memory_limiter, resource, batch]
                  exporters: [otlphttp]

            """;
        var labels = SharedLabels(cluster.Jurisdiction);
        labels.Insert(0, new(NameLabel, "otel-collector"));
        var selector = new YamlMap { { NameLabel, "otel-collector" } };
        var probe = new YamlMap { { "httpGet", new YamlMap { { "path", "/" }, { "port", 13133 } } }, { "periodSeconds", 10 } };
        var container = new YamlMap
        {
            { "name", "otel-collector" },
            { "image", settings.CollectorImage.Split(':')[0] },
            { "args", new List<object> { "--config=/etc/otelcol/config.yaml" } },
            { "ports", new List<object>
                {
                    new YamlMap { { "name", "otlp-grpc" }, { "containerPort", 4317 }, { "protocol", "TCP" } },
                    new YamlMap { { "name", "otlp-http" }, { "containerPort", 4318 }, { "protocol", "TCP" } },
                }
            },
            { "resources", Resources(0.25, 0.5, 0) },
            { "livenessProbe", probe },
            { "readinessProbe", probe },
            { "securityContext", ContainerSecurityContext() },
            { "volumeMounts", new List<object> { Mount("config", "/etc/otelcol"), Mount("tmp", "/tmp") } },
        };
        return
        [
            ConfigMap("otel-collector-config", [new("config.yaml", config)], labels),
            Object("apps/v1", "Deployment", Metadata("otel-collector", labels), ("spec", new YamlMap
            {
                { "replicas", 1 },
                { "selector", new YamlMap { { "matchLabels", selector } } },
                { "template", new YamlMap
                    {
                        { "metadata", new YamlMap { { "labels", labels } } },
                        { "spec", new YamlMap
                            {
                                { "automountServiceAccountToken", false },
                                { "securityContext", PodSecurityContext(10001) },
                                { "containers", new List<object> { container } },
                                { "volumes", new List<object> { new YamlMap { { "name", "config" }, { "configMap", new YamlMap { { "name", "otel-collector-config" } } } }, TmpVolume() } },
                            }
                        },
                    }
                },
            })),
            Object("v1", "Service", Metadata("otel-collector", labels), ("spec", new YamlMap
            {
                { "selector", selector },
                { "ports", new List<object>
                    {
                        new YamlMap { { "name", "otlp-grpc" }, { "port", 4317 }, { "targetPort", "otlp-grpc" }, { "protocol", "TCP" } },
                        new YamlMap { { "name", "otlp-http" }, { "port", 4318 }, { "targetPort", "otlp-http" }, { "protocol", "TCP" } },
                    }
                },
            })),
        ];
    }
}
