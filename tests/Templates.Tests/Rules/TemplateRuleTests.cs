namespace Reference.Templates.Tests.Rules;

// ai-platform rewrites the repository's own files by their exact text (template.json, SpecialCustomOperations): an
// edit to AppHost/Program.cs, a usecase.yaml or Reference.sln that changes such text would make the template leave it
// as it is, silently. These tests say which rule lost its text, in seconds and without scaffolding anything.
public sealed class TemplateRuleTests
{
    private const string Fix = "Change the rule in templates/ai-platform/.template.config/template.json to the file's new text (or the file back).";
    private static readonly TemplateRules Rules = TemplateRules.Load();

    [Fact]
    public void Every_replacement_finds_its_text_in_the_files_it_applies_to()
    {
        var lost = new List<string>();
        foreach (var rule in Rules.Replacements)
        {
            var files = TemplateRules.FilesMatching(rule.Glob);
            Assert.True(files.Count > 0, $"template.json scopes rules to '{rule.Glob}', which matches no file of the repository. {Fix}");
            var found = files.Sum(f => Occurrences(File.ReadAllText(Path.Combine(RepositoryPaths.Root, f)), rule.Original));
            // A .sln rule removes one block: it must match exactly once.
            if (found == 0 || (rule.Glob.EndsWith(".sln", StringComparison.Ordinal) && found != 1))
            {
                lost.Add($"- {rule.Glob}, when {rule.Condition}: «{rule.Original.ReplaceLineEndings("⏎")}» occurs {found} times in {string.Join(", ", files)}");
            }
        }

        Assert.True(lost.Count == 0, $"These template rules no longer find their text, so scaffolds would keep the repository's:\n{string.Join('\n', lost)}\n{Fix}");
    }

    [Fact]
    public void The_solution_rules_remove_every_line_of_the_projects_a_scaffold_leaves_out_and_no_other()
    {
        var solution = SolutionFile.Read(Path.Combine(RepositoryPaths.Root, "Reference.sln"));
        var originals = Rules.Replacements.Where(r => r.Glob == "**/*.sln").Select(r => r.Original).ToList();
        var removed = solution.Entries.Where(e => !e.IsFolder && Rules.ExcludedFolders.Any(f => e.RelativePath.StartsWith(f, StringComparison.Ordinal)))
            .Select(e => e.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(removed);
        // A solution folder that holds only left-out projects goes with them.
        removed.UnionWith(solution.Entries.Where(e => e.IsFolder).Select(e => e.Id).Where(folder =>
        {
            var children = solution.Parents.Where(p => string.Equals(p.Value, folder, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).ToList();
            return children.Count > 0 && children.All(removed.Contains);
        }).ToList());

        var uncovered = new List<string>();
        for (var i = 0; i < solution.Lines.Count; i++)
        {
            var line = solution.Lines[i];
            if (SolutionFile.SubjectOf(line) is not { } subject || !removed.Contains(subject))
            {
                continue;
            }

            // A Project line goes with its EndProject.
            var block = line.StartsWith("Project(", StringComparison.Ordinal) ? $"{line}\n{solution.Lines[i + 1]}\n" : line + "\n";
            if (!originals.Any(o => o.Contains(block, StringComparison.Ordinal)))
            {
                uncovered.Add($"- line {i + 1}: {line.Trim()}");
            }
        }

        Assert.True(uncovered.Count == 0,
            $"Reference.sln lines of projects whose folders a scaffold leaves out ({string.Join(", ", Rules.ExcludedFolders)}) that no .sln rule removes; " +
            $"the scaffold's solution would name missing projects:\n{string.Join('\n', uncovered)}\n{Fix}");
        var alsoRemoved = originals.SelectMany(o => o.Split('\n')).Select(SolutionFile.SubjectOf).OfType<string>().Where(id => !removed.Contains(id)).ToList();
        Assert.True(alsoRemoved.Count == 0,
            $"The .sln rules remove lines of projects a scaffold keeps ({string.Join(", ", alsoRemoved.Select(id => solution.Entries.FirstOrDefault(e => e.Id == id)?.Path ?? id))}). {Fix}");
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
