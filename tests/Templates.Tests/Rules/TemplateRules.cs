using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reference.Templates.Tests.Rules;

/// <summary>One text replacement of ai-platform's template.json: in the files matching Glob, Original becomes something else when Condition holds.</summary>
public sealed record ReplacementRule(string Glob, string Condition, string Original);

/// <summary>
/// What ai-platform's template.json says about the repository's own files: the text replacements scoped to file globs
/// (SpecialCustomOperations) and the folders a scaffold leaves out, always or for some options.
/// </summary>
public sealed class TemplateRules
{
    // Walked once, without descending into build output, run state or the template pack itself.
    private static readonly Lazy<IReadOnlyList<string>> Files = new(() => Walk(RepositoryPaths.Root).ToList());

    public static string TemplateJson { get; } = Path.Combine(RepositoryPaths.Root, "templates", "ai-platform", ".template.config", "template.json");

    private TemplateRules(IReadOnlyList<ReplacementRule> replacements, IReadOnlyList<string> excludedFolders)
    {
        Replacements = replacements;
        ExcludedFolders = excludedFolders;
    }

    public IReadOnlyList<ReplacementRule> Replacements { get; }

    /// <summary>Folders of the repository (with a trailing '/') that some or every scaffold goes without.</summary>
    public IReadOnlyList<string> ExcludedFolders { get; }

    public static TemplateRules Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TemplateJson));
        var replacements = new List<ReplacementRule>();
        foreach (var glob in json.RootElement.GetProperty("SpecialCustomOperations").EnumerateObject())
        {
            foreach (var operation in glob.Value.GetProperty("operations").EnumerateArray().Where(o => o.GetProperty("type").GetString() == "replacement"))
            {
                var condition = operation.TryGetProperty("condition", out var c) ? c.GetString()! : "(true)";
                replacements.Add(new ReplacementRule(glob.Name, condition, operation.GetProperty("configuration").GetProperty("original").GetString()!));
            }
        }

        // The repository's own source (../../): its excludes, and its modifiers' (conditional) excludes.
        var source = json.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "../../");
        var excludes = source.GetProperty("exclude").EnumerateArray().Select(e => e.GetString()!)
            .Concat(source.GetProperty("modifiers").EnumerateArray().SelectMany(m => m.GetProperty("exclude").EnumerateArray().Select(e => e.GetString()!)));
        var folders = excludes.Where(e => e.EndsWith("/**", StringComparison.Ordinal) && !e.StartsWith("**", StringComparison.Ordinal))
            .Select(e => e[..^2]).ToList();
        return new TemplateRules(replacements, folders);
    }

    /// <summary>
    /// The files (repository-relative, '/'-separated) that a template.json file glob applies to. The engine matches a glob
    /// against the path inside each source: the repository for ../../, templates/ai-platform/deploy/ for ./deploy/.
    /// </summary>
    public static IReadOnlyList<string> FilesMatching(string glob)
    {
        var pattern = new Regex("^" + Regex.Escape(glob).Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");
        const string deploySource = "templates/ai-platform/deploy/";
        var fromRepository = RepositoryFiles().Where(f => pattern.IsMatch(f) && !(f.StartsWith("deploy/", StringComparison.Ordinal) && f.EndsWith(".yaml", StringComparison.Ordinal)));
        var fromDeploy = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, deploySource)).Select(Path.GetFileName).Where(f => pattern.IsMatch(f!)).Select(f => deploySource + f);
        return fromRepository.Concat(fromDeploy).ToList();
    }

    private static IEnumerable<string> RepositoryFiles() => Files.Value;

    private static IEnumerable<string> Walk(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            yield return Path.GetRelativePath(RepositoryPaths.Root, file).Replace(Path.DirectorySeparatorChar, '/');
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (name is "bin" or "obj" or ".git" or ".platform" or "node_modules" or "TestResults"
                || Path.GetRelativePath(RepositoryPaths.Root, child) == "templates")
            {
                continue;
            }

            foreach (var file in Walk(child))
            {
                yield return file;
            }
        }
    }
}
