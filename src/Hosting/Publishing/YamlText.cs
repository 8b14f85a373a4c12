using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Reference.Hosting.Publishing;

/// <summary>An ordered YAML mapping: keys are written in the order they were added, so output is byte-stable.</summary>
internal sealed class YamlMap : List<KeyValuePair<string, object?>>
{
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
}

/// <summary>
/// Writes maps, lists and scalars as block YAML. Strings are quoted unless plainly safe, multi-line strings
/// become literal blocks; no anchors, no tags. Small on purpose: the publisher controls every value it writes.
/// </summary>
internal static partial class YamlText
{
    public static string Document(object value) => Documents([value]);

    public static string Documents(IEnumerable<object> values)
    {
        var text = new StringBuilder();
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                text.Append("---\n");
            }

            first = false;
            WriteBlock(text, value, 0);
        }

        return text.ToString();
    }

    private static void WriteBlock(StringBuilder text, object? value, int indent)
    {
        switch (value)
        {
            case YamlMap map:
                foreach (var (key, item) in map)
                {
                    text.Append(' ', indent).Append(Scalar(key));
                    WriteValueAfterKey(text, item, indent);
                }

                break;
            case System.Collections.IEnumerable list when value is not string:
                foreach (var item in list)
                {
                    text.Append(' ', indent).Append('-');
                    if (item is YamlMap itemMap && itemMap.Count > 0)
                    {
                        // "- key: value" with the rest of the map aligned under the first key.
                        var nested = new StringBuilder();
                        WriteBlock(nested, itemMap, indent + 2);
                        text.Append(' ').Append(nested.ToString(indent + 2, nested.Length - indent - 2));
                    }
                    else
                    {
                        WriteValueAfterKey(text, item, indent, isListItem: true);
                    }
                }

                break;
            default:
                text.Append(' ', indent).Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteValueAfterKey(StringBuilder text, object? item, int indent, bool isListItem = false)
    {
        var separator = isListItem ? " " : ": ";
        switch (item)
        {
            case YamlMap { Count: 0 }:
                text.Append(separator).Append("{}\n");
                break;
            case YamlMap map:
                text.Append(isListItem ? "\n" : ":\n");
                WriteBlock(text, map, indent + 2);
                break;
            case string s when s.Contains('\n'):
                text.Append(separator).Append("|").Append(s.EndsWith('\n') ? "" : "-").Append('\n');
                foreach (var line in s.TrimEnd('\n').Split('\n'))
                {
                    if (line.Length > 0)
                    {
                        text.Append(' ', indent + 2).Append(line);
                    }

                    text.Append('\n');
                }

                break;
            case System.Collections.IEnumerable list when item is not string:
                var items = list.Cast<object?>().ToList();
                if (items.Count == 0)
                {
                    text.Append(separator).Append("[]\n");
                    break;
                }

                text.Append(isListItem ? "\n" : ":\n");
                WriteBlock(text, items, isListItem ? indent + 2 : indent);
                break;
            default:
                text.Append(separator).Append(Scalar(item)).Append('\n');
                break;
        }
    }

    public static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        string s => Quote(s),
        _ => throw new ArgumentException($"Cannot write {value.GetType().Name} as YAML."),
    };

    private static string Quote(string s)
    {
        if (Plain().IsMatch(s) && !Reserved.Contains(s.ToLowerInvariant()))
        {
            return s;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in s)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static readonly HashSet<string> Reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"];

    // Starts with a letter, '/' or a relative path's "./" or "../", then letters, digits and a few safe punctuation marks; never looks like a number.
    [GeneratedRegex(@"^(?:[A-Za-z/]|\.\.?/)[A-Za-z0-9_./-]*$")]
    private static partial Regex Plain();
}
