using System.Text.Json;
using Reference.Hosting;
using Reference.Hosting.Publishing;
using YamlDotNet.RepresentationModel;
using static Reference.Publish.Tests.PublishOutputTests;
using IOPath = System.IO.Path;

namespace Reference.Publish.Tests;

public class RoutingAndSecretsTests
{
    private static readonly string[] ClustersWithStore = ["aws-eu-west-1", "onprem-eu"];

    [Fact]
    public void Public_names_are_ingresses_with_tls_from_cert_manager_or_a_given_secret()
    {
        using var sample = new SamplePlatform();
        sample.Publish();
        var ingresses = Rendered(sample).SelectMany(o => o.Value).Where(d => d["kind"].ToString() == "Ingress").ToList();
        Assert.NotEmpty(ingresses);
        foreach (var ingress in ingresses)
        {
            var name = Scalar(ingress, "metadata", "name")!;
            var host = $"{name}.platform.example.com";
            Assert.Equal(host, Scalar(((YamlSequenceNode)At(ingress, "spec", "rules")).Children[0], "host"));
            var tls = ((YamlSequenceNode)At(ingress, "spec", "tls")).Children[0];
            Assert.Equal(host, ((YamlSequenceNode)At(tls, "hosts")).Children[0].ToString());
            Assert.Equal($"{name}-tls", Scalar(tls, "secretName"));
            Assert.Equal("letsencrypt", Scalar(ingress, "metadata", "annotations", "cert-manager.io/cluster-issuer"));
        }

        using var wildcard = new SamplePlatform();
        wildcard.PublishWith(new KubernetesSettings { TlsSecretName = "platform-wildcard-tls" });
        foreach (var ingress in Rendered(wildcard).SelectMany(o => o.Value).Where(d => d["kind"].ToString() == "Ingress"))
        {
            Assert.Equal("platform-wildcard-tls", Scalar(((YamlSequenceNode)At(ingress, "spec", "tls")).Children[0], "secretName"));
            Assert.DoesNotContain("cert-manager.io", ((YamlMappingNode)ingress["metadata"]).ToString());
        }
    }

    [Fact]
    public void Clusters_with_a_secret_store_get_an_external_secret_for_every_secret_they_reference_and_others_get_none()
    {
        using var sample = new SamplePlatform();
        sample.Publish();
        var checkedStores = 0;
        foreach (var (cluster, docs) in Rendered(sample))
        {
            var externalSecrets = docs.Where(d => d["kind"].ToString() == "ExternalSecret").ToList();
            if (!ClustersWithStore.Contains(cluster))
            {
                Assert.Empty(externalSecrets);
                continue;
            }

            var referenced = docs.Where(d => d["kind"].ToString() is "Deployment" or "Job" or "StatefulSet")
                .SelectMany(d => SecretNames(d)).Distinct().Order().ToList();
            Assert.Equal(referenced, externalSecrets.Select(e => Scalar(e, "metadata", "name")!).Order().ToList());
            foreach (var externalSecret in externalSecrets)
            {
                Assert.StartsWith($"platform/{cluster}/", Scalar(((YamlSequenceNode)At(externalSecret, "spec", "data")).Children[0], "remoteRef", "key"));
            }

            checkedStores += externalSecrets.Count;
        }

        Assert.True(checkedStores > 0, "no cluster with a secret store received an ExternalSecret");
        Assert.Contains("External Secrets creates these from ClusterSecretStore", sample.Read("kubernetes/SECRETS.md"));
    }

    [Fact]
    public void Failover_records_carry_configured_health_check_ids_and_the_missing_ones_are_listed()
    {
        using var sample = new SamplePlatform();
        sample.Publish();
        var registry = JsonDocument.Parse(sample.Read("placement.json")).RootElement.GetProperty("workloads").EnumerateArray()
            .Single(w => w.GetProperty("workload").GetString() == "model-registry").GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("role").GetString()!, a => a.GetProperty("cluster").GetString()!);
        var dns = sample.Read("kubernetes/DNS.md");
        Assert.Contains($"| `model-registry` | `{registry["primary"]}` | primary |", dns);
        Assert.Contains($"| `model-registry` | `{registry["standby"]}` | standby |", dns);
        Assert.DoesNotContain("aws-health-check-id", sample.Read($"kubernetes/overlays/{registry["primary"]}/ingress.yaml"));

        sample.PublishWith(new KubernetesSettings
        {
            HealthCheckIds = new Dictionary<string, string>
            {
                [$"model-registry/{registry["primary"]}"] = "0b2a4c1e-primary",
                [$"model-registry/{registry["standby"]}"] = "7d9f3e2a-standby",
            },
        });
        Assert.Matches("aws-health-check-id: \"?0b2a4c1e-primary\"?\n", sample.Read($"kubernetes/overlays/{registry["primary"]}/ingress.yaml"));
        Assert.Matches("aws-health-check-id: \"?7d9f3e2a-standby\"?\n", sample.Read($"kubernetes/overlays/{registry["standby"]}/ingress.yaml"));
        Assert.DoesNotContain("`model-registry`", sample.Read("kubernetes/DNS.md"));
    }

    [Fact]
    public async Task The_publish_verb_takes_health_check_ids_as_options()
    {
        using var sample = new SamplePlatform();
        var builder = Reference.Hosting.Testing.DistributedApplicationTestingBuilder.Create(new Reference.Hosting.Testing.TestingOptions
        {
            Args =
            [
                "publish", "--output", sample.Output, "--deploy", SamplePlatform.DeployDirectory, "--usecases", sample.UseCases,
                "--clusters", "aws-eu-west-1,onprem-eu",
                "--Publish:HealthChecks:model-registry:aws-eu-west-1=hc-aws", "--Publish:HealthChecks:model-registry:onprem-eu=hc-dc",
            ],
        });
        builder.AddProject<Projects.Reference_SampleService>("model-registry")
            .WithPlacement(new Reference.Placement.Patterns.ActivePassive { StandbyReplicas = 1, Separation = Reference.Placement.Patterns.Separation.Provider });
        await using var app = builder.Build();

        Assert.Equal(0, await app.RunAsync());
        Assert.Contains("aws-health-check-id: hc-aws", sample.Read("kubernetes/overlays/aws-eu-west-1/ingress.yaml"));
        Assert.Contains("aws-health-check-id: hc-dc", sample.Read("kubernetes/overlays/onprem-eu/ingress.yaml"));
        Assert.DoesNotContain("## Failover records without a health check", sample.Read("kubernetes/DNS.md"));
    }

    [Fact]
    public void Without_route53_no_weight_or_failover_annotations_are_written()
    {
        using var sample = new SamplePlatform();
        var files = sample.PublishWith(new KubernetesSettings { DnsProvider = "google" });
        foreach (var file in files.Where(f => f.StartsWith("kubernetes/overlays/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("aws-weight", sample.Read(file));
            Assert.DoesNotContain("aws-failover", sample.Read(file));
        }

        Assert.Contains("no weighted or failover records", sample.Read("kubernetes/DNS.md"));
        Assert.Contains(files, f => f.EndsWith("/traffic.yaml", StringComparison.Ordinal));
    }

    private static Dictionary<string, List<YamlMappingNode>> Rendered(SamplePlatform sample) =>
        Directory.GetDirectories(IOPath.Combine(sample.Output, "kubernetes", "overlays")).Order(StringComparer.Ordinal)
            .ToDictionary(d => IOPath.GetFileName(d), d => Documents(ManifestValidator.Kustomize(d)));

    private static IEnumerable<string> SecretNames(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(c =>
            (c.Key.ToString() is "secretRef" or "secretKeyRef") && c.Value is YamlMappingNode reference && reference.Children.TryGetValue(new YamlScalarNode("name"), out var name)
                ? [name.ToString()]
                : SecretNames(c.Value)),
        YamlSequenceNode list => list.Children.SelectMany(SecretNames),
        _ => [],
    };
}
