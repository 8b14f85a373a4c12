using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Reference.Placement.Configuration;

/// <summary>
/// Typed, path-aware access to one YAML node. Every failure becomes a
/// <see cref="PlacementConfigurationException"/> naming the file, line and field, which is why the
/// readers walk nodes by hand instead of deserialising into classes.
/// </summary>
internal readonly struct YamlNodeReader
{
    private readonly YamlDocument _document;

    public YamlNodeReader(YamlDocument document, YamlNode node, string path)
    {
        _document = document;
        Node = node;
        Path = path;
    }

    public YamlNode Node { get; }

    public string Path { get; }

    public PlacementConfigurationException Error(string problem)
    {
        var start = _document.StartOf(Node);
        return new PlacementConfigurationException(_document.FileOf(Node), (int)start.Line, (int)start.Column, Path, problem);
    }

    /// <summary>Requires a mapping whose keys are all among <paramref name="allowed"/>.</summary>
    public YamlNodeReader ExpectMapping(params string[] allowed)
    {
        if (Node is not YamlMappingNode map)
        {
            throw Error($"expected a mapping with fields {string.Join(", ", allowed)}");
        }

        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var reader = new YamlNodeReader(_document, key, Join(name));
                throw reader.Error($"unknown field '{name}'; expected one of {string.Join(", ", allowed)}");
            }
        }

        return this;
    }

    public YamlNodeReader? Child(string key)
    {
        if (Node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value))
        {
            return new YamlNodeReader(_document, value, Join(key));
        }

        return null;
    }

    public YamlNodeReader Required(string key) =>
        Child(key) ?? throw new YamlNodeReader(_document, Node, Join(key)).Error("required field is missing");

    public string? OptionalString(string key) => Child(key)?.String();

    public string RequiredString(string key) => Required(key).String();

    public double OptionalDouble(string key, double fallback) => Child(key)?.Double() ?? fallback;

    public IReadOnlyList<string> OptionalStringList(string key) => Child(key)?.StringList() ?? [];

    public string String()
    {
        if (Node is not YamlScalarNode scalar || scalar.Value is null)
        {
            throw Error("expected a single value");
        }

        return scalar.Value;
    }

    public double Double()
    {
        var text = String();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error($"'{text}' is not a number");
        }

        if (value < 0)
        {
            throw Error($"{text} is negative; expected zero or more");
        }

        return value;
    }

    public int Int()
    {
        var text = String();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw Error($"'{text}' is not a whole number of zero or more");
        }

        return value;
    }

    public DateOnly Date()
    {
        var text = String();
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw Error($"'{text}' is not a date; expected yyyy-MM-dd");
        }

        return value;
    }

    /// <summary>A list of values; a single value is accepted as a list of one, because that is how people write it.</summary>
    public IReadOnlyList<string> StringList()
    {
        if (Node is YamlScalarNode)
        {
            return [String()];
        }

        return Items().Select(item => item.String()).ToList();
    }

    public IEnumerable<YamlNodeReader> Items()
    {
        if (Node is not YamlSequenceNode sequence)
        {
            throw Error("expected a list");
        }

        var document = _document;
        var path = Path;
        return sequence.Children.Select((item, index) => new YamlNodeReader(document, item, $"{path}[{index}]"));
    }

    /// <summary>The entries of a mapping used as a dictionary (keys are names, not fields).</summary>
    public IEnumerable<(string Key, YamlNodeReader Value)> Entries()
    {
        if (Node is not YamlMappingNode map)
        {
            throw Error("expected a mapping of names to values");
        }

        var result = new List<(string, YamlNodeReader)>(map.Children.Count);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (string.IsNullOrEmpty(name))
            {
                throw new YamlNodeReader(_document, key, Path).Error("expected a name as the key");
            }

            result.Add((name, new YamlNodeReader(_document, value, Join(name))));
        }

        return result;
    }

    public bool IsNullNode => IsNull(Node);

    private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && (scalar.Value is null or "" or "~" or "null");
}
