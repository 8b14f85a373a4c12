namespace Reference.Templates.Tests.Scaffolding;

// How a scaffold differs from the repository it was made from, once the user's name is mapped back to Reference:
// the files whose text the template changed or added. Renaming is the one change every file may get.
internal static class ScaffoldDiff
{
    public static IReadOnlyList<string> ChangedFiles(string scaffold, string name)
    {
        var underscored = name.Replace('.', '_');
        var changed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(scaffold, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(scaffold, file).Replace(Path.DirectorySeparatorChar, '/');
            var original = Path.Combine(RepositoryPaths.Root, relative.Replace(name + ".", "Reference.", StringComparison.Ordinal));
            if (!File.Exists(original)
                || File.ReadAllText(file).Replace(name + ".", "Reference.", StringComparison.Ordinal).Replace(underscored + "_", "Reference_", StringComparison.Ordinal)
                    != File.ReadAllText(original))
            {
                changed.Add(relative);
            }
        }

        return changed.Order(StringComparer.Ordinal).ToList();
    }
}
