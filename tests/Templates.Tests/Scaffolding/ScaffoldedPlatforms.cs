namespace Reference.Templates.Tests.Scaffolding;

// Platforms scaffolded from the installed pack, and one build tree they share. Builds are the slow part (minutes on a
// small machine), so the tree is built once, from the first variant asked for, and every other variant is laid over
// it file by changed file, so that an incremental build recompiles only what its options change. The built variants
// therefore share one name, with dots, as a team would give it.
public sealed class ScaffoldedPlatforms : IAsyncLifetime
{
    public const string BuiltName = "Contoso.Risk.Eu";

    public static readonly PlatformOptions Churn = new(BuiltName, "churn", ["aws", "azure", "onprem"], "active-passive", "eu");
    public static readonly PlatformOptions Demand = new(BuiltName, "demand", ["gcp", "aws"], "hybrid-burst", "us", NoObservability: true);
    public static readonly PlatformOptions FraudOneCloud = new(BuiltName, "fraud", ["azure"], "cloud-per-workload", "any");
    public static readonly PlatformOptions FraudEveryCloud = new(BuiltName, "fraud", ["aws", "gcp", "azure", "onprem"], "active-active", "eu");

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<PlatformOptions, string> scaffolds = [];
    private readonly Dictionary<PlatformOptions, PublishedPlatform> published = [];
    private PlatformOptions? inTree;

    public TemplateSandbox Sandbox { get; } = new();

    private string Tree => Path.Combine(Sandbox.Root, "tree");

    public Task InitializeAsync() => Sandbox.InitializeAsync();

    public Task DisposeAsync() => Sandbox.DisposeAsync();

    public Task<string> ScaffoldAsync(PlatformOptions options) => LockedAsync(() => ScaffoldLockedAsync(options));

    /// <summary>The variant built (warnings as errors) and published with `publish --output`.</summary>
    public Task<PublishedPlatform> PublishAsync(PlatformOptions options) => LockedAsync(async () =>
    {
        if (!published.TryGetValue(options, out var result))
        {
            var tree = await BuildLockedAsync(options);
            var output = Path.Combine(Sandbox.Root, "out-" + published.Count);
            (await Sandbox.DotnetAsync(tree, [AppHostAssembly(tree), "publish", "--output", output], TimeSpan.FromMinutes(3))).Succeeded();
            published[options] = result = PublishedPlatform.Read(output);
        }

        return result;
    });

    /// <summary>Runs <paramref name="body"/> (tree, AppHost assembly) with the tree built as <paramref name="options"/>.</summary>
    public Task WithBuiltTreeAsync(PlatformOptions options, Func<string, string, Task> body) => LockedAsync(async () =>
    {
        var tree = await BuildLockedAsync(options);
        await body(tree, AppHostAssembly(tree));
        return 0;
    });

    private async Task<T> LockedAsync<T>(Func<Task<T>> action)
    {
        await gate.WaitAsync();
        try
        {
            return await action();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string> ScaffoldLockedAsync(PlatformOptions options)
    {
        if (!scaffolds.TryGetValue(options, out var folder))
        {
            folder = await Sandbox.NewPlatformAsync($"p{scaffolds.Count}", options.Name, options.Arguments);
            scaffolds[options] = folder;
        }

        return folder;
    }

    private async Task<string> BuildLockedAsync(PlatformOptions options)
    {
        Assert.Equal(BuiltName, options.Name);
        if (inTree != options)
        {
            TreeSync.Mirror(await ScaffoldLockedAsync(options), Tree);
            // The solution file must load (projects the options leave out are gone from it, nesting and all) ...
            (await Sandbox.DotnetAsync(Tree, ["msbuild", $"{options.Name}.sln", "-nologo", "-t:ValidateSolutionConfiguration"], TimeSpan.FromMinutes(2))).Succeeded();
            // ... and the platform (AppHost, every service, the CLI and the use cases) build with warnings as errors.
            (await Sandbox.DotnetAsync(Tree, ["build", "AppHost", "-warnaserror"], BuildTimeout)).Succeeded();
            inTree = options;
        }

        return Tree;
    }

    private static string AppHostAssembly(string tree) =>
        Path.Combine(tree, "AppHost", "bin", "Debug", "net10.0", $"{BuiltName}.AppHost.dll");
}
