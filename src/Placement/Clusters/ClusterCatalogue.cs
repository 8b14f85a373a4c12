using System.Reflection;
using Reference.Placement.Configuration;

namespace Reference.Placement.Clusters;

/// <summary>
/// The clusters a plan may use, their prices and the latency between their areas. Starts from the
/// embedded default catalogue (list prices of the main regions of each cloud plus two on-prem
/// sites) and is overridden by a team's <c>deploy/clusters.yaml</c>, merged by cluster name.
/// </summary>
public sealed class ClusterCatalogue
{
    private const string DefaultResourceName = "Reference.Placement.DefaultCatalogue.yaml";
    private const string DefaultFileName = "default-catalogue.yaml";

    private readonly Dictionary<string, Cluster> _byName;

    public ClusterCatalogue(IEnumerable<Cluster> clusters, LatencyTable latency, DateOnly? pricesReadOn = null)
    {
        var list = clusters.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        _byName = new Dictionary<string, Cluster>(StringComparer.Ordinal);
        foreach (var cluster in list)
        {
            if (!_byName.TryAdd(cluster.Name, cluster))
            {
                throw new ArgumentException($"Cluster '{cluster.Name}' is listed twice.", nameof(clusters));
            }
        }

        Clusters = list;
        Latency = latency;
        PricesReadOn = pricesReadOn;
    }

    /// <summary>All clusters, ordered by name.</summary>
    public IReadOnlyList<Cluster> Clusters { get; }

    public LatencyTable Latency { get; }

    /// <summary>The day the list prices were read; prices drift, so reports show it.</summary>
    public DateOnly? PricesReadOn { get; }

    public Cluster? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The embedded catalogue as YAML text (also a template for a clusters.yaml).</summary>
    public static string DefaultYaml
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultResourceName)
                ?? throw new InvalidOperationException($"Embedded resource {DefaultResourceName} is missing.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    public static ClusterCatalogue LoadDefault() => ClusterCatalogueReader.Read([YamlDocument.Parse(DefaultYaml, DefaultFileName)]);

    /// <summary>The default catalogue overridden by the clusters file at <paramref name="path"/>.</summary>
    public static ClusterCatalogue Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>
    /// Parses a clusters file. With <paramref name="overDefault"/> (the usual case) the file is laid
    /// over the default catalogue: a cluster with a known name changes only the fields it gives,
    /// a new name adds a cluster, and <c>use:</c> keeps just the listed clusters.
    /// </summary>
    public static ClusterCatalogue Parse(string yaml, string fileName = "clusters.yaml", bool overDefault = true)
    {
        var file = YamlDocument.Parse(yaml, fileName);
        return overDefault
            ? ClusterCatalogueReader.Read([YamlDocument.Parse(DefaultYaml, DefaultFileName), file])
            : ClusterCatalogueReader.Read([file]);
    }
}
