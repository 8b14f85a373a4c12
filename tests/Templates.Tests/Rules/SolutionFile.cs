using System.Text.RegularExpressions;

namespace Reference.Templates.Tests.Rules;

/// <summary>One Project entry of a .sln: a project file or, for the solution-folder type, a folder of the solution tree.</summary>
public sealed record SolutionEntry(string Type, string Name, string Path, string Id)
{
    public const string FolderType = "2150E333-8FDC-42A3-9474-1A3956D46DE8";

    public bool IsFolder => string.Equals(Type, FolderType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The project's path with '/' separators, as the repository's file list has it.</summary>
    public string RelativePath => Path.Replace('\\', '/');
}

/// <summary>The parts of a .sln that a template rewrites: its entries, which folder nests which, and its lines.</summary>
public sealed partial class SolutionFile
{
    private SolutionFile(string text)
    {
        Text = text;
        Lines = text.Split('\n');
        Entries = ProjectLine().Matches(text).Select(m => new SolutionEntry(m.Groups["type"].Value, m.Groups["name"].Value, m.Groups["path"].Value, m.Groups["id"].Value)).ToList();
        Parents = NestingLine().Matches(text).ToDictionary(m => m.Groups["child"].Value, m => m.Groups["parent"].Value, StringComparer.OrdinalIgnoreCase);
    }

    public string Text { get; }

    public IReadOnlyList<string> Lines { get; }

    public IReadOnlyList<SolutionEntry> Entries { get; }

    /// <summary>Child id → parent folder id (NestedProjects).</summary>
    public IReadOnlyDictionary<string, string> Parents { get; }

    public static SolutionFile Read(string path) => new(File.ReadAllText(path));

    /// <summary>The project a line is about: a Project line's own id, a configuration line's or a nesting line's first id.</summary>
    public static string? SubjectOf(string line) =>
        line.StartsWith("Project(", StringComparison.Ordinal) ? ProjectLine().Match(line) is { Success: true } m ? m.Groups["id"].Value : null
        : line.StartsWith("\t\t{", StringComparison.Ordinal) ? Id().Match(line).Groups[1].Value
        : null;

    /// <summary>Every project id that the configuration and nesting sections mention.</summary>
    public IEnumerable<string> MentionedIds() =>
        Lines.Where(l => l.StartsWith("\t\t{", StringComparison.Ordinal)).SelectMany(l => Id().Matches(l).Select(m => m.Groups[1].Value));

    [GeneratedRegex("""^Project\("\{(?<type>[^}]+)\}"\) = "(?<name>[^"]+)", "(?<path>[^"]+)", "\{(?<id>[^}]+)\}"$""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();

    [GeneratedRegex(@"^\t\t\{(?<child>[^}]+)\} = \{(?<parent>[^}]+)\}$", RegexOptions.Multiline)]
    private static partial Regex NestingLine();

    [GeneratedRegex(@"\{([0-9A-Fa-f-]{36})\}")]
    private static partial Regex Id();
}
