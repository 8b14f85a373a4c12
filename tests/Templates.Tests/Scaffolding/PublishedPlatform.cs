using System.Text.Json;
using Reference.Placement.Plans;
using YamlDotNet.RepresentationModel;

namespace Reference.Templates.Tests.Scaffolding;

// What `publish` wrote for a scaffolded platform: the Aspire manifest, the placement plan and one kustomize overlay
// per cluster that runs something.
public sealed record PublishedPlatform(string Output, PlacementPlan Plan, IReadOnlyList<string> ManifestResources, IReadOnlyList<string> Overlays)
{
    public static PublishedPlatform Read(string output)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        var plan = PlacementPlanJson.Deserialize(File.ReadAllText(Path.Combine(output, "placement.json")));
        var overlays = Directory.EnumerateDirectories(Path.Combine(output, "kubernetes", "overlays")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        return new PublishedPlatform(output, plan, resources, overlays!);
    }

    /// <summary>Every cluster placement weighed: the ones it used and the ones it ruled out, for any workload.</summary>
    public IReadOnlySet<string> ConsideredClusters =>
        Plan.Clusters.Select(c => c.Cluster)
            .Concat(Plan.Workloads.SelectMany(w => w.Assignments.Select(a => a.Cluster).Concat(w.Rejections.Select(r => r.Cluster))))
            .ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<string> UsedClusters => Plan.Clusters.Where(c => c.Workloads.Count > 0).Select(c => c.Cluster).Order(StringComparer.Ordinal).ToList();

    /// <summary>Renders every overlay with `kubectl kustomize` and checks that each object it yields is a named Kubernetes object.</summary>
    public async Task AssertOverlaysRenderAsync(IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var overlay in Overlays)
        {
            var directory = Path.Combine(Output, "kubernetes", "overlays", overlay);
            var run = (await ToolRun.RunAsync("kubectl", ["kustomize", directory], directory, environment, TimeSpan.FromMinutes(1))).Succeeded();
            var stream = new YamlStream();
            stream.Load(new StringReader(run.Output));
            Assert.NotEmpty(stream.Documents);
            foreach (var document in stream.Documents)
            {
                var root = Assert.IsType<YamlMappingNode>(document.RootNode);
                Assert.True(root.Children.ContainsKey("apiVersion") && root.Children.ContainsKey("kind"), $"{overlay}: an object without apiVersion/kind");
                var metadata = Assert.IsType<YamlMappingNode>(root["metadata"]);
                Assert.False(string.IsNullOrEmpty(((YamlScalarNode)metadata["name"]).Value), $"{overlay}: an object without metadata.name");
            }
        }
    }
}
