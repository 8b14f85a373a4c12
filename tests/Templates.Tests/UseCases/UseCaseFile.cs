using YamlDotNet.RepresentationModel;

namespace Reference.Templates.Tests.UseCases;

// The parts of a src/UseCases/<Name>/usecase.yaml that the sample data must agree with.
internal sealed record UseCaseFile(
    string Name,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ViewColumns,
    IReadOnlyList<string> JoinKeys,
    string LabelView,
    string LabelColumn,
    string EntitySet,
    string Algorithm,
    IReadOnlyDictionary<string, object?> Hyperparameters,
    YamlMappingNode Gates,
    string Generator)
{
    public static UseCaseFile Load(string folder)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, "src", "UseCases", folder, "usecase.yaml")))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var views = ((YamlSequenceNode)root["featureViews"]).Children.Cast<YamlMappingNode>().ToDictionary(
            v => Text(v, "name"),
            v => (IReadOnlyList<string>)((YamlSequenceNode)v["features"]).Children.Cast<YamlMappingNode>().Select(f => Text(f, "name")).ToList());
        var entity = ((YamlSequenceNode)root["entities"]).Children.Cast<YamlMappingNode>().Single();
        var training = (YamlMappingNode)root["training"];
        var labels = (YamlMappingNode)training["labels"];
        return new UseCaseFile(
            Text(root, "name"),
            views,
            ((YamlSequenceNode)entity["joinKeys"]).Children.Select(k => ((YamlScalarNode)k).Value!).ToList(),
            Text(labels, "featureView"),
            Text(labels, "column"),
            Text(training, "entitySet"),
            Text(training, "algorithm"),
            ((YamlMappingNode)training["hyperparameters"]).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (object?)((YamlScalarNode)p.Value).Value),
            (YamlMappingNode)training["gates"],
            Text((YamlMappingNode)root["sampleData"], "generator"));
    }

    public double Gate(string key) =>
        double.Parse(Text(Gates, key), System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
