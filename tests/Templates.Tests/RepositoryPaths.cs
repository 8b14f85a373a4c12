namespace Reference.Templates.Tests;

// Where the repository is: the folder above the test's build output that holds Reference.sln.
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reference.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Reference.sln above {AppContext.BaseDirectory}.");
    }
}
