namespace Reference.Templates.Tests.Scaffolding;

// The template pack installed from this repository into a template cache of its own (a temporary DOTNET_CLI_HOME), so
// that the tests neither see nor change the user's installed templates. NuGet keeps using the machine's package
// folder, so that restoring a scaffolded platform needs no download the repository's own build did not need.
public sealed class TemplateSandbox(bool installRepository = true) : IAsyncLifetime
{
    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(2);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "reference-templates-" + Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyDictionary<string, string?> Environment { get; private set; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var packages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var home = Path.Combine(Root, "home");
        Directory.CreateDirectory(home);
        // The user's NuGet.Config (package sources) goes with the packages folder into the sandbox's home.
        var userConfig = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        if (File.Exists(userConfig))
        {
            Directory.CreateDirectory(Path.Combine(home, ".nuget", "NuGet"));
            File.Copy(userConfig, Path.Combine(home, ".nuget", "NuGet", "NuGet.Config"));
        }

        Environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = packages,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            // A scaffold's build must not pick up the MSBuild settings that `dotnet test` hands its test host.
            ["MSBuildExtensionsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBuildLoadMicrosoftTargetsReadOnly"] = null,
        };
        if (installRepository)
        {
            (await DotnetAsync(Root, ["new", "install", RepositoryPaths.Root], NewTimeout)).Succeeded();
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file open; the temp folder is cleaned up by the system.
        }

        return Task.CompletedTask;
    }

    public Task<ToolRun> DotnetAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout) =>
        ToolRun.RunAsync("dotnet", args, workingDirectory, Environment, timeout);

    /// <summary>`dotnet new ai-platform -n name -o Root/folder options… --skip-restore`: the scaffold's folder.</summary>
    public async Task<string> NewPlatformAsync(string folder, string name, params string[] options)
    {
        var output = Path.Combine(Root, folder);
        (await DotnetAsync(Root, ["new", "ai-platform", "-n", name, "-o", output, "--skip-restore", .. options], NewTimeout)).Succeeded();
        return output;
    }
}
