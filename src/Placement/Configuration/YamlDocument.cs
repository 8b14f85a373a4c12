using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Reference.Placement.Configuration;

/// <summary>
/// Parses YAML text into a node tree and remembers which file every node came from, so that
/// errors found after two files were merged (catalogue + override) still name the right file.
/// </summary>
internal sealed class YamlDocument
{
    private readonly Dictionary<YamlNode, (string File, Mark Start)> _origins = new(ReferenceEqualityComparer.Instance);

    private YamlDocument(YamlNode root, string defaultFile)
    {
        Root = root;
        DefaultFile = defaultFile;
    }

    public YamlNode Root { get; private set; }

    public string DefaultFile { get; }

    public static YamlDocument Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var problem = (e.InnerException?.Message ?? e.Message).Trim();
            throw new PlacementConfigurationException(file, (int)e.Start.Line, (int)e.Start.Column, "", $"not valid YAML: {StripMark(problem)}");
        }

        var root = stream.Documents.Count == 0 ? new YamlMappingNode() : stream.Documents[0].RootNode;
        var document = new YamlDocument(root, file);
        document.Claim(root, file);
        return document;
    }

    public string FileOf(YamlNode node) => _origins.TryGetValue(node, out var origin) ? origin.File : DefaultFile;

    /// <summary>Where the node starts; merged mappings report where their overriding mapping starts.</summary>
    public Mark StartOf(YamlNode node) => _origins.TryGetValue(node, out var origin) ? origin.Start : node.Start;

    public YamlNodeReader Reader() => new(this, Root, "");

    /// <summary>
    /// Lays <paramref name="overlay"/> over this document: mappings merge key by key (recursively),
    /// anything else in the overlay replaces what was there.
    /// </summary>
    public void Overlay(YamlDocument overlay)
    {
        foreach (var (node, origin) in overlay._origins)
        {
            _origins[node] = origin;
        }

        Root = Merge(Root, overlay.Root, overlay);
    }

    private YamlNode Merge(YamlNode under, YamlNode over, YamlDocument overlay)
    {
        if (under is not YamlMappingNode underMap || over is not YamlMappingNode overMap)
        {
            return over;
        }

        var merged = new YamlMappingNode();
        _origins[merged] = (overlay.FileOf(overMap), overlay.StartOf(overMap));
        foreach (var (key, value) in underMap.Children)
        {
            merged.Children[key] = overMap.Children.TryGetValue(key, out var replacement)
                ? Merge(value, replacement, overlay)
                : value;
        }

        foreach (var (key, value) in overMap.Children)
        {
            if (!underMap.Children.ContainsKey(key))
            {
                merged.Children[key] = value;
            }
        }

        return merged;
    }

    private void Claim(YamlNode node, string file)
    {
        _origins[node] = (file, node.Start);
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    Claim(key, file);
                    Claim(value, file);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Claim(item, file);
                }

                break;
        }
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: ...) - (...): "; the location is reported separately.
    private static string StripMark(string message)
    {
        var index = message.LastIndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
    }
}
