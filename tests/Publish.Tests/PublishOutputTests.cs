using System.Text.Json;
using Reference.Hosting;
using YamlDotNet.RepresentationModel;
using IOPath = System.IO.Path;

namespace Reference.Publish.Tests;

public class PublishOutputTests
{
    private static readonly string[] CostLabels = ["team", "cost-center", "use-case", "placement-pattern", "residency", "jurisdiction"];

    [Fact]
    public void Every_written_yaml_is_valid_kubernetes_and_every_overlay_renders_with_labelled_objects()
    {
        using var sample = new SamplePlatform();
        var files = sample.Publish();

        var yamlFiles = files.Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)).Select(f => IOPath.Combine(sample.Output, f)).ToList();
        Assert.NotEmpty(yamlFiles);
        var verdicts = ManifestValidator.Validate(yamlFiles);
        Assert.Empty(verdicts.Where(v => v.Status == "invalid").Select(v => $"{v.File}#{v.Index} {v.Kind}: {v.Error}"));
        Assert.Contains(verdicts, v => v.Kind == "Deployment" && v.Status == "valid");
        Assert.Contains(verdicts, v => v.Kind == "StatefulSet" && v.Status == "valid");
        Assert.Contains(verdicts, v => v.Kind == "Job" && v.Status == "valid");
        Assert.Contains(verdicts, v => v.Kind == "Ingress" && v.Status == "valid");
        Assert.Contains(verdicts, v => v.Kind == "ExternalSecret");

        // Kinds kubernetes-models does not know are checked here, field by field.
        foreach (var unknown in verdicts.Where(v => v.Status == "unknown"))
        {
            var doc = Documents(File.ReadAllText(unknown.File))[unknown.Index];
            switch (unknown.Kind)
            {
                case "Kustomization" or "Component":
                    CustomKinds.AssertKustomization(unknown.File, doc);
                    break;
                case "DestinationRule":
                    CustomKinds.AssertDestinationRule(unknown.File, doc);
                    break;
                case "ExternalSecret":
                    CustomKinds.AssertExternalSecret(unknown.File, doc);
                    break;
                default:
                    Assert.Fail($"{unknown.File}#{unknown.Index}: {unknown.ApiVersion} {unknown.Kind} is checked by nobody");
                    break;
            }
        }

        var overlays = Directory.GetDirectories(IOPath.Combine(sample.Output, "kubernetes", "overlays")).Order(StringComparer.Ordinal).ToList();
        Assert.True(overlays.Count >= 3, $"expected an overlay per used cluster, got {overlays.Count}");
        foreach (var overlay in overlays)
        {
            var rendered = ManifestValidator.Kustomize(overlay);
            var renderedFile = IOPath.Combine(sample.Root, IOPath.GetFileName(overlay) + ".rendered.yaml");
            File.WriteAllText(renderedFile, rendered);
            Assert.Empty(ManifestValidator.Validate([renderedFile]).Where(v => v.Status == "invalid").Select(v => $"{IOPath.GetFileName(overlay)}#{v.Index} {v.Kind}: {v.Error}"));
            foreach (var doc in Documents(rendered))
            {
                var metadata = (YamlMappingNode)doc["metadata"];
                var labels = metadata.Children.TryGetValue(new YamlScalarNode("labels"), out var l) ? (YamlMappingNode)l : new YamlMappingNode();
                foreach (var label in CostLabels)
                {
                    Assert.True(labels.Children.ContainsKey(new YamlScalarNode(label)), $"{IOPath.GetFileName(overlay)}: {doc["kind"]} {metadata["name"]} has no '{label}' label");
                }

                if (doc["kind"].ToString() != "Namespace")
                {
                    Assert.Equal("platform", Scalar(metadata, "namespace"));
                }
            }
        }
    }

    [Fact]
    public void Deployments_are_hardened_probed_and_sized_and_configured_with_aspire_names()
    {
        using var sample = new SamplePlatform();
        sample.Publish();

        var deployment = Documents(sample.Read("kubernetes/base/feature-store/deployment.yaml"))[0];
        var pod = (YamlMappingNode)At(deployment, "spec", "template", "spec");
        Assert.Equal("true", Scalar(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", Scalar(pod, "securityContext", "seccompProfile", "type"));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children[0];
        Assert.Equal("/alive", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/health", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("ALL", ((YamlSequenceNode)At(container, "securityContext", "capabilities", "drop")).Children[0].ToString());
        Assert.Equal("2000m", Scalar(container, "resources", "requests", "cpu"));
        Assert.Equal("8192Mi", Scalar(container, "resources", "requests", "memory"));
        Assert.Contains(((YamlSequenceNode)container["volumeMounts"]).Children, m => m["mountPath"].ToString() == "/tmp");
        Assert.Contains(((YamlSequenceNode)pod["volumes"]).Children, v => v["name"].ToString() == "tmp" && ((YamlMappingNode)v).Children.ContainsKey(new YamlScalarNode("emptyDir")));
        var envFrom = ((YamlSequenceNode)container["envFrom"]).Children;
        Assert.Contains(envFrom, e => ((YamlMappingNode)e).Children.ContainsKey(new YamlScalarNode("secretRef")) && Scalar((YamlMappingNode)e, "secretRef", "name") == "feature-store-secrets");

        var config = (YamlMappingNode)Documents(sample.Read("kubernetes/base/observability/configmap.yaml"))[0]["data"];
        Assert.Equal("http://model-registry", config["services__model-registry__http__0"].ToString());
        Assert.False(config.Children.ContainsKey(new YamlScalarNode("OTEL_EXPORTER_OTLP_ENDPOINT")), "the receiver exports to itself");
        var featureConfig = (YamlMappingNode)Documents(sample.Read("kubernetes/base/feature-store/configmap.yaml"))[0]["data"];
        Assert.Equal("http://otel-collector:4318", featureConfig["OTEL_EXPORTER_OTLP_ENDPOINT"].ToString());
        Assert.Equal("feature-store", featureConfig["OTEL_SERVICE_NAME"].ToString());
        Assert.False(featureConfig.Children.ContainsKey(new YamlScalarNode("ConnectionStrings__featuresdb")), "a connection string is in a ConfigMap");

        var secrets = sample.Read("kubernetes/SECRETS.md");
        Assert.Contains("| `feature-store-secrets` | `ConnectionStrings__featuresdb` |", secrets);
        Assert.Contains("| `feature-store-secrets` | `Auth__SigningKey` |", secrets);
        Assert.Contains("`postgres-auth` | `password`", secrets);
    }

    [Fact]
    public void The_four_patterns_become_replicas_traffic_rules_and_burst_jobs()
    {
        using var sample = new SamplePlatform();
        sample.Publish();
        var plan = JsonDocument.Parse(sample.Read("placement.json")).RootElement;
        var placements = plan.GetProperty("workloads").EnumerateArray().ToDictionary(w => w.GetProperty("workload").GetString()!, w => w);

        // Cloud per workload: exactly one overlay holds the workload.
        Assert.Single(OverlaysWith(sample, "observability"));

        // Active-active: two clusters of different providers, DNS weights and Istio distribute summing to 100.
        var featureClusters = OverlaysWith(sample, "feature-store");
        Assert.Equal(2, featureClusters.Count);
        var weights = 0;
        foreach (var cluster in featureClusters)
        {
            var ingress = sample.Read($"kubernetes/overlays/{cluster}/ingress.yaml");
            Assert.Contains($"external-dns.alpha.kubernetes.io/set-identifier: {cluster}", ingress);
            var weight = System.Text.RegularExpressions.Regex.Match(ingress, "aws-weight: \"(\\d+)\"");
            Assert.True(weight.Success, $"{cluster} has no aws-weight");
            weights += int.Parse(weight.Groups[1].Value);
            var rule = Documents(sample.Read($"kubernetes/overlays/{cluster}/traffic.yaml")).Single(d => Scalar(d, "metadata", "name") == "feature-store");
            var distribute = (YamlSequenceNode)At(rule, "spec", "trafficPolicy", "loadBalancer", "localityLbSetting", "distribute");
            Assert.All(distribute.Children, d => Assert.Equal(100, ((YamlMappingNode)d["to"]).Children.Sum(t => int.Parse(t.Value.ToString()))));
        }

        Assert.InRange(weights, 99, 101);

        // Active-passive: a primary with the model's replicas, a warm standby with one, and failover rules.
        var registry = placements["model-registry"].GetProperty("assignments").EnumerateArray().ToList();
        var primary = registry.Single(a => a.GetProperty("role").GetString() == "primary").GetProperty("cluster").GetString()!;
        var standby = registry.Single(a => a.GetProperty("role").GetString() == "standby").GetProperty("cluster").GetString()!;
        Assert.Contains("aws-failover: PRIMARY", sample.Read($"kubernetes/overlays/{primary}/ingress.yaml"));
        Assert.Contains("aws-failover: SECONDARY", sample.Read($"kubernetes/overlays/{standby}/ingress.yaml"));
        Assert.Contains("placement.reference.dev/role: standby", sample.Read($"kubernetes/overlays/{standby}/kustomization.yaml"));
        Assert.Contains("failover:", sample.Read($"kubernetes/overlays/{primary}/traffic.yaml"));

        // Hybrid burst: the training job runs on the on-prem base; cloud pools wait suspended, ranked.
        var training = placements["fraud-training"].GetProperty("assignments").EnumerateArray().ToList();
        var baseCluster = training.Single(a => a.GetProperty("role").GetString() == "base").GetProperty("cluster").GetString()!;
        Assert.Equal("onprem-eu", baseCluster);
        var burst = training.Where(a => a.GetProperty("role").GetString() == "burst").ToList();
        Assert.NotEmpty(burst);
        foreach (var target in burst)
        {
            var cluster = target.GetProperty("cluster").GetString()!;
            var rank = target.GetProperty("burstRank").GetInt32();
            var rendered = ManifestValidator.Kustomize(IOPath.Combine(sample.Output, "kubernetes", "overlays", cluster));
            var job = Documents(rendered).Single(d => d["kind"].ToString() == "Job");
            Assert.Equal("true", Scalar(job, "spec", "suspend"));
            Assert.Equal(rank.ToString(), Scalar(job, "metadata", "labels", "placement.reference.dev/burst-rank"));
            var env = Documents(rendered).Single(d => d["kind"].ToString() == "ConfigMap" && Scalar(d, "metadata", "name") == "fraud-training-env");
            Assert.Equal("cloud", Scalar(env, "data", "Training__Worker__Labels__location"));
            Assert.Equal(cluster.Split('-')[0], Scalar(env, "data", "Training__Worker__Labels__provider"));
            Assert.Equal("eu", Scalar(env, "data", "Training__Worker__Labels__jurisdiction"));
        }

        // The run-once pod on the base cluster may take restricted data (on-prem) under EU residency, and every pod of
        // one Job shares one run id.
        var baseRendered = ManifestValidator.Kustomize(IOPath.Combine(sample.Output, "kubernetes", "overlays", baseCluster));
        var baseJob = Documents(baseRendered).Single(d => d["kind"].ToString() == "Job");
        Assert.False(((YamlMappingNode)baseJob["spec"]).Children.ContainsKey(new YamlScalarNode("suspend")), "the base pool's job is suspended");
        var baseEnv = Documents(baseRendered).Single(d => d["kind"].ToString() == "ConfigMap" && Scalar(d, "metadata", "name") == "fraud-training-env");
        Assert.Equal("onprem", Scalar(baseEnv, "data", "Training__Worker__Labels__location"));
        Assert.Equal("eu", Scalar(baseEnv, "data", "Training__Worker__Labels__jurisdiction"));
        Assert.Equal("true", Scalar(baseEnv, "data", "Training__Job__RunOnce"));
        Assert.Contains("fieldPath: metadata.labels['batch.kubernetes.io/controller-uid']", baseRendered);
    }

    [Fact]
    public void Placement_files_hold_the_plan_costs_and_the_egress_avoided_against_greedy()
    {
        using var sample = new SamplePlatform();
        sample.Publish();

        var plan = JsonDocument.Parse(sample.Read("placement.json")).RootElement;
        Assert.Equal(JsonValueKind.Object, plan.GetProperty("comparedWithGreedy").ValueKind);
        var names = plan.GetProperty("workloads").EnumerateArray().Select(w => w.GetProperty("workload").GetString()).ToList();
        Assert.Equal(["feature-store", "fraud-training", "model-registry", "observability", "serving"], names);
        var markdown = sample.Read("placement.md");
        Assert.Contains("onprem-eu", markdown);
        Assert.Contains("greedy", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("onprem-eu", plan.GetProperty("estimatedPrices").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("partly estimates", markdown);
        Assert.Contains(sample.Log, l => l.Contains("placement:", StringComparison.Ordinal));
        Assert.Contains(sample.Log, l => l.Contains("kubernetes:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_input_gives_byte_identical_output()
    {
        using var sample = new SamplePlatform();
        var first = IOPath.Combine(sample.Root, "first");
        var second = IOPath.Combine(sample.Root, "second");
        var files = sample.Publish(first);
        Assert.Equal(files, sample.Publish(second));
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(IOPath.Combine(first, file)).AsSpan().SequenceEqual(File.ReadAllBytes(IOPath.Combine(second, file))), $"{file} differs between two publishes");
        }
    }

    [Fact]
    public void No_secret_value_is_written_anywhere()
    {
        using var sample = new SamplePlatform();
        var files = sample.Publish();
        Assert.Contains("kubernetes/SECRETS.md", files);
        foreach (var file in files)
        {
            var text = sample.Read(file);
            Assert.DoesNotContain(SamplePlatform.SigningKeyValue, text);
            Assert.DoesNotContain(SamplePlatform.PostgresPasswordValue, text);
            Assert.DoesNotMatch("(?i)password=[^;{<\\s.…|`]", text);
            Assert.DoesNotContain("kind: Secret\n", text);
        }
    }

    [Fact]
    public void Clusters_option_restricts_placement_and_output()
    {
        using var sample = new SamplePlatform();
        sample.Publish(null, "onprem-eu", "aws-eu-west-1", "azure-westeurope");
        var overlays = Directory.GetDirectories(IOPath.Combine(sample.Output, "kubernetes", "overlays")).Select(IOPath.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(overlays);
        Assert.All(overlays, o => Assert.Contains(o, new[] { "aws-eu-west-1", "azure-westeurope", "onprem-eu" }));

        var error = Assert.Throws<DistributedApplicationException>(() => sample.Publish(null, "onprem-eu", "no-such-cluster"));
        Assert.Contains("no-such-cluster", error.Message);
    }

    private static List<string> OverlaysWith(SamplePlatform sample, string workload) =>
        Directory.GetDirectories(IOPath.Combine(sample.Output, "kubernetes", "overlays"))
            .Where(d => File.ReadAllText(IOPath.Combine(d, "kustomization.yaml")).Contains($"../../base/{workload}\n", StringComparison.Ordinal))
            .Select(IOPath.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    internal static List<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    internal static YamlNode At(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            Assert.True(node is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode(key)), $"missing '{key}' in {string.Join(".", keys)}");
            node = ((YamlMappingNode)node)[key];
        }

        return node;
    }

    internal static string? Scalar(YamlNode node, params string[] keys) => ((YamlScalarNode)At(node, keys)).Value;
}
