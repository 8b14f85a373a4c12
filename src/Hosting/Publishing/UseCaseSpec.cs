using System.Globalization;
using Reference.Placement.Datasets;
using Reference.Placement.Workloads;
using YamlDotNet.RepresentationModel;

namespace Reference.Hosting.Publishing;

/// <summary>The parts of a use case's usecase.yaml that placement reads: owner, residency, feature views, training and serving.</summary>
public sealed record UseCaseSpec
{
    public required string Name { get; init; }

    public required string SourcePath { get; init; }

    public string Owner { get; init; } = "";

    public string CostCenter { get; init; } = "";

    public string? Residency { get; init; }

    public IReadOnlyList<LineageEntry> FeatureViews { get; init; } = [];

    /// <summary>Feature views the model is trained on: the training feature service's views and the labels view.</summary>
    public IReadOnlyList<LineageEntry> TrainingLineage { get; init; } = [];

    public IReadOnlyList<string> TrainingPools { get; init; } = [];

    public bool HasTraining { get; init; }

    /// <summary>Runs per month from training.schedule (24h → 30); 1 when unscheduled.</summary>
    public double TrainingRunsPerMonth { get; init; } = 1;

    public double TrainingHoursPerRun { get; init; } = 2;

    public ResourceRequest TrainingResources { get; init; } = new(4, 16);

    public IReadOnlyList<string> ServingUserRegions { get; init; } = [];

    public double? ServingLatencySloMs { get; init; }

    /// <summary>Every src/UseCases/*/usecase.yaml under <paramref name="directory"/>, ordered by name; none is fine.</summary>
    public static IReadOnlyList<UseCaseSpec> LoadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(directory)
            .Select(d => Path.Combine(d, "usecase.yaml"))
            .Where(File.Exists)
            .Select(Load)
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static UseCaseSpec Load(string path)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(path);
            stream.Load(reader);
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw Error(path, "the file holds no mapping");
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw Error(path, $"line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}");
        }

        var name = Text(root, "name") ?? throw Error(path, "'name' is required");
        var residency = Text(root, "residency");
        var views = new List<LineageEntry>();
        foreach (var view in Items(root, "featureViews").OfType<YamlMappingNode>())
        {
            var viewName = Text(view, "name") ?? throw Error(path, "every feature view needs a name");
            var classText = Text(view, "classification") ?? "internal";
            if (!DataClassificationNames.TryParse(classText, out var classification))
            {
                throw Error(path, $"feature view '{viewName}': unknown classification '{classText}'; expected {DataClassificationNames.Expected}");
            }

            views.Add(new LineageEntry(viewName, classification, Text(view, "residency") ?? residency));
        }

        var spec = new UseCaseSpec { Name = name, SourcePath = path, Owner = Text(root, "owner") ?? "", CostCenter = Text(root, "costCenter") ?? "", Residency = residency, FeatureViews = views };

        if (Child(root, "training") is YamlMappingNode training)
        {
            var used = new SortedSet<string>(StringComparer.Ordinal);
            var serviceName = Text(training, "featureService");
            var service = Items(root, "featureServices").OfType<YamlMappingNode>().FirstOrDefault(s => Text(s, "name") == serviceName);
            if (serviceName is not null && service is null)
            {
                throw Error(path, $"training.featureService '{serviceName}' is not among featureServices");
            }

            foreach (var feature in service is null ? [] : Items(service, "features").OfType<YamlScalarNode>())
            {
                used.Add(feature.Value!.Split(':')[0]);
            }

            if (Child(training, "labels") is YamlMappingNode labels && Text(labels, "featureView") is { } labelView)
            {
                used.Add(labelView);
            }

            var lineage = new List<LineageEntry>();
            foreach (var viewName in used)
            {
                lineage.Add(views.FirstOrDefault(v => v.FeatureView == viewName) ?? throw Error(path, $"training uses feature view '{viewName}', which featureViews does not define"));
            }

            var placement = Child(training, "placement") as YamlMappingNode;
            var resources = Child(training, "resources") as YamlMappingNode;
            var gpu = resources is null ? null : Child(resources, "gpu") as YamlMappingNode;
            spec = spec with
            {
                HasTraining = true,
                TrainingLineage = lineage,
                TrainingPools = placement is null ? [] : Items(placement, "pools").OfType<YamlScalarNode>().Select(p => p.Value!).ToList(),
                TrainingRunsPerMonth = RunsPerMonth(Text(training, "schedule"), path),
                TrainingHoursPerRun = Number(training, "hoursPerRun", path) ?? 2,
                TrainingResources = resources is null
                    ? spec.TrainingResources
                    : new ResourceRequest(
                        Number(resources, "cpu", path) ?? 4,
                        Number(resources, "memoryGb", path) ?? 16,
                        gpu is null ? null : new GpuRequest((int)(Number(gpu, "count", path) ?? 1), Text(gpu, "type") ?? throw Error(path, "training.resources.gpu.type is required"))),
            };
        }

        if (Child(root, "serving") is YamlMappingNode serving)
        {
            spec = spec with
            {
                ServingUserRegions = Items(serving, "userRegions").OfType<YamlScalarNode>().Select(r => r.Value!).ToList(),
                ServingLatencySloMs = Number(serving, "latencySloMs", path),
            };
        }

        return spec;
    }

    private static double RunsPerMonth(string? schedule, string path)
    {
        if (schedule is null)
        {
            return 1;
        }

        var hours = schedule[^1] switch
        {
            'h' => Parse(schedule[..^1]),
            'd' => Parse(schedule[..^1]) * 24,
            'm' => Parse(schedule[..^1]) / 60,
            _ => double.NaN,
        };
        if (!(hours > 0))
        {
            throw Error(path, $"training.schedule '{schedule}' is not a duration such as 24h or 7d");
        }

        return Math.Max(1, Math.Round(730 / hours, 2));

        static double Parse(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Text(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static double? Number(YamlMappingNode node, string key, string path)
    {
        var text = Text(node, key);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Error(path, $"'{key}' must be a positive number, got '{text}'");
    }

    private static IEnumerable<YamlNode> Items(YamlMappingNode node, string key) =>
        Child(node, key) is YamlSequenceNode sequence ? sequence.Children : [];

    private static DistributedApplicationException Error(string path, string problem) => new($"{path}: {problem}.");
}
