using System.Globalization;
using Reference.Placement;
using Reference.Placement.Clusters;
using Reference.Placement.Configuration;
using Reference.Placement.Datasets;
using Reference.Placement.Policies;
using YamlDotNet.RepresentationModel;

namespace Reference.Hosting.Publishing;

/// <summary>
/// What publish reads besides the AppHost's model: deploy/clusters.yaml (over the default catalogue),
/// deploy/policies.yaml, the optional deploy/datasets.yaml (where data lives) and every use-case spec.
/// </summary>
public sealed record PublishInputs
{
    public required ClusterCatalogue Catalogue { get; init; }

    public PolicySet Policies { get; init; } = PolicySet.Empty;

    public IReadOnlyList<Dataset> Datasets { get; init; } = [];

    public IReadOnlyList<UseCaseSpec> UseCases { get; init; } = [];

    /// <summary>Reads the inputs; a missing file means "the defaults" (default catalogue, no rules, no datasets, no use cases).</summary>
    public static PublishInputs Load(string deployDirectory, string useCasesDirectory)
    {
        try
        {
            var clusters = Path.Combine(deployDirectory, "clusters.yaml");
            var policies = Path.Combine(deployDirectory, "policies.yaml");
            var datasets = Path.Combine(deployDirectory, "datasets.yaml");
            return new PublishInputs
            {
                Catalogue = File.Exists(clusters) ? ClusterCatalogue.Load(clusters) : ClusterCatalogue.LoadDefault(),
                Policies = File.Exists(policies) ? PolicySet.Load(policies) : PolicySet.Empty,
                Datasets = File.Exists(datasets) ? ReadDatasets(datasets) : [],
                UseCases = UseCaseSpec.LoadAll(useCasesDirectory),
            };
        }
        catch (PlacementConfigurationException ex)
        {
            throw new DistributedApplicationException(ex.Message, ex);
        }
    }

    /// <summary>Keeps only the named clusters (publish --clusters a,b); an unknown name is an error.</summary>
    public PublishInputs RestrictTo(IReadOnlyList<string> clusterNames)
    {
        var unknown = clusterNames.Where(n => Catalogue.Find(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new DistributedApplicationException(
                $"--clusters names {string.Join(", ", unknown)}, which the catalogue does not have; known clusters: {string.Join(", ", Catalogue.Clusters.Select(c => c.Name))}.");
        }

        var keep = clusterNames.ToHashSet(StringComparer.Ordinal);
        return this with
        {
            Catalogue = new ClusterCatalogue(Catalogue.Clusters.Where(c => keep.Contains(c.Name)), Catalogue.Latency, Catalogue.PricesReadOn),
            // Data whose home is left out cannot be costed against the remaining clusters.
            Datasets = Datasets.Where(d => keep.Contains(d.HomeCluster)).ToList(),
        };
    }

    private static List<Dataset> ReadDatasets(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            try
            {
                stream.Load(reader);
            }
            catch (YamlDotNet.Core.YamlException ex)
            {
                throw new DistributedApplicationException($"{path}: line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}.");
            }
        }

        var list = new List<Dataset>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root ||
            !root.Children.TryGetValue(new YamlScalarNode("datasets"), out var items))
        {
            return list;
        }

        foreach (var item in ((YamlSequenceNode)items).Children.OfType<YamlMappingNode>())
        {
            string? Text(string key) => item.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;
            var name = Text("name") ?? throw new DistributedApplicationException($"{path}: every dataset needs a name.");
            var classText = Text("classification") ?? "internal";
            if (!DataClassificationNames.TryParse(classText, out var classification))
            {
                throw new DistributedApplicationException($"{path}: dataset '{name}': unknown classification '{classText}'; expected {DataClassificationNames.Expected}.");
            }

            var reads = new SortedDictionary<string, double>(StringComparer.Ordinal);
            if (item.Children.TryGetValue(new YamlScalarNode("readsGbPerMonth"), out var readsNode) && readsNode is YamlMappingNode readsMap)
            {
                foreach (var (key, value) in readsMap.Children)
                {
                    reads[((YamlScalarNode)key).Value!] = double.Parse(((YamlScalarNode)value).Value!, CultureInfo.InvariantCulture);
                }
            }

            list.Add(new Dataset
            {
                Name = name,
                HomeCluster = Text("home") ?? throw new DistributedApplicationException($"{path}: dataset '{name}' needs a home cluster."),
                SizeGb = Text("sizeGb") is { } size ? double.Parse(size, CultureInfo.InvariantCulture) : 0,
                Classification = classification,
                Residency = Text("residency"),
                MonthlyReadsGb = reads,
            });
        }

        return list.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
    }
}
