using YamlDotNet.RepresentationModel;
using IOPath = System.IO.Path;
using static Reference.Publish.Tests.PublishOutputTests;

namespace Reference.Publish.Tests;

/// <summary>Required fields of the kinds kubernetes-models does not model: kustomize's, Istio's and External Secrets'.</summary>
internal static class CustomKinds
{
    public static void AssertKustomization(string file, YamlMappingNode doc)
    {
        var kind = doc["kind"].ToString();
        Assert.Equal(kind == "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1", doc["apiVersion"].ToString());
        var directory = IOPath.GetDirectoryName(file)!;
        var resources = (YamlSequenceNode)At(doc, "resources");
        Assert.NotEmpty(resources.Children);
        foreach (var entry in resources.Children.Select(r => r.ToString()))
        {
            var target = IOPath.Combine(directory, entry);
            Assert.True(File.Exists(target) || File.Exists(IOPath.Combine(target, "kustomization.yaml")), $"{file}: resource {entry} does not exist");
        }

        if (doc.Children.TryGetValue(new YamlScalarNode("components"), out var components))
        {
            foreach (var entry in ((YamlSequenceNode)components).Children.Select(c => c.ToString()))
            {
                var component = IOPath.Combine(directory, entry, "kustomization.yaml");
                Assert.True(File.Exists(component), $"{file}: component {entry} does not exist");
                Assert.Contains("kind: Component", File.ReadAllText(component));
            }
        }

        if (doc.Children.TryGetValue(new YamlScalarNode("images"), out var images))
        {
            Assert.All(((YamlSequenceNode)images).Children, i => Assert.False(string.IsNullOrEmpty(Scalar(i, "name")) || string.IsNullOrEmpty(Scalar(i, "newName")), $"{file}: image without name/newName"));
        }

        if (doc.Children.TryGetValue(new YamlScalarNode("patches"), out var patches))
        {
            foreach (var patch in ((YamlSequenceNode)patches).Children)
            {
                var target = Documents(Scalar(patch, "patch")!).Single();
                Assert.False(string.IsNullOrEmpty(Scalar(target, "kind")) || string.IsNullOrEmpty(Scalar(target, "metadata", "name")), $"{file}: a patch names no object");
            }
        }
    }

    public static void AssertDestinationRule(string file, YamlMappingNode doc)
    {
        Assert.Equal("networking.istio.io/v1", doc["apiVersion"].ToString());
        Assert.False(string.IsNullOrEmpty(Scalar(doc, "metadata", "name")), $"{file}: DestinationRule without a name");
        Assert.EndsWith(".svc.cluster.local", Scalar(doc, "spec", "host"));
        var locality = (YamlMappingNode)At(doc, "spec", "trafficPolicy", "loadBalancer", "localityLbSetting");
        At(doc, "spec", "trafficPolicy", "outlierDetection");
        var hasDistribute = locality.Children.TryGetValue(new YamlScalarNode("distribute"), out var distribute);
        var hasFailover = locality.Children.TryGetValue(new YamlScalarNode("failover"), out var failover);
        Assert.True(hasDistribute ^ hasFailover, $"{file}: localityLbSetting needs exactly one of distribute and failover");
        if (hasDistribute)
        {
            foreach (var entry in ((YamlSequenceNode)distribute!).Children)
            {
                Assert.EndsWith("/*", Scalar(entry, "from"));
                Assert.Equal(100, ((YamlMappingNode)entry["to"]).Children.Sum(t => int.Parse(t.Value.ToString())));
            }
        }
        else
        {
            foreach (var entry in ((YamlSequenceNode)failover!).Children)
            {
                Assert.NotEqual(Scalar(entry, "from"), Scalar(entry, "to"));
            }
        }
    }

    /// <summary>external-secrets.io/v1beta1 ExternalSecret: a store reference, a target Secret, and one remote property per key.</summary>
    public static void AssertExternalSecret(string file, YamlMappingNode doc)
    {
        Assert.Equal("external-secrets.io/v1beta1", doc["apiVersion"].ToString());
        var name = Scalar(doc, "metadata", "name");
        Assert.False(string.IsNullOrEmpty(name), $"{file}: ExternalSecret without a name");
        Assert.Contains(Scalar(doc, "spec", "secretStoreRef", "kind"), new[] { "SecretStore", "ClusterSecretStore" });
        Assert.False(string.IsNullOrEmpty(Scalar(doc, "spec", "secretStoreRef", "name")), $"{file}: {name} names no store");
        Assert.Equal(name, Scalar(doc, "spec", "target", "name"));
        Assert.Contains(Scalar(doc, "spec", "target", "creationPolicy"), new[] { "Owner", "Orphan", "Merge", "None" });
        Assert.Matches("^[0-9]+(ns|us|ms|s|m|h)$", Scalar(doc, "spec", "refreshInterval"));
        var data = (YamlSequenceNode)At(doc, "spec", "data");
        Assert.NotEmpty(data.Children);
        foreach (var entry in data.Children)
        {
            Assert.False(string.IsNullOrEmpty(Scalar(entry, "secretKey")), $"{file}: {name} has an entry without secretKey");
            Assert.False(string.IsNullOrEmpty(Scalar(entry, "remoteRef", "key")), $"{file}: {name} has an entry without remoteRef.key");
            Assert.Equal(Scalar(entry, "secretKey"), Scalar(entry, "remoteRef", "property"));
        }
    }
}
