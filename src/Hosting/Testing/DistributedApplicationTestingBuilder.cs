using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Testing;

/// <summary>
/// Starts the real AppHost topology (or a named subset) for a test, with its own throw-away state folder and free
/// ports, so that tests can run side by side; disposing the application stops everything and deletes the folder.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>Runs the AppHost's Main (the assembly of <typeparamref name="TEntryPoint"/>) and returns its builder for the test to adjust.</summary>
    public static Task<DistributedApplicationTestingBuilder<TEntryPoint>> CreateAsync<TEntryPoint>(string[]? args = null, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var state = NewStateDirectory();
        return Task.Run(() =>
        {
            var builder = DistributedApplicationEntryPointHook.Run(typeof(TEntryPoint).Assembly, args ?? [], options => TestOptions(options, state));
            return new DistributedApplicationTestingBuilder<TEntryPoint>(builder, state);
        }, cancellationToken);
    }

    /// <summary>An empty model, for tests that compose their own topology.</summary>
    public static TestingBuilder Create(TestingOptions? options = null)
    {
        options ??= new TestingOptions();
        var owned = options.StateDirectory is null;
        var state = options.StateDirectory ?? NewStateDirectory();
        var builder = DistributedApplicationEntryPointHook.CreateBuilder(TestOptions(
            new DistributedApplicationOptions { Args = options.Args, AppHostDirectory = AppContext.BaseDirectory }, state, options.RandomizePorts));
        return new TestingBuilder(builder, owned ? state : null);
    }

    internal static DistributedApplicationOptions TestOptions(DistributedApplicationOptions options, string state, bool randomizePorts = true) => new()
    {
        Args = options.Args,
        AppHostDirectory = options.AppHostDirectory,
        StateDirectory = state,
        RandomizePorts = randomizePorts,
        ConsoleOutput = Environment.GetEnvironmentVariable("PLATFORM_TEST_CONSOLE") == "1",
    };

    /// <summary>A fresh state folder under the temp folder that the postgres user can reach.</summary>
    public static string NewStateDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "reference-platform-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            // The postgres user must reach its data folder below this one.
            File.SetUnixFileMode(Path.GetDirectoryName(path)!, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        return path;
    }
}

public class TestingBuilder : IDistributedApplicationBuilder
{
    private readonly DistributedApplicationBuilder inner;

    internal DistributedApplicationBuilder Inner => inner;

    internal TestingBuilder(DistributedApplicationBuilder inner, string? ownedStateDirectory)
    {
        this.inner = inner;
        OwnedStateDirectory = ownedStateDirectory;
    }

    public Microsoft.Extensions.Configuration.ConfigurationManager Configuration => inner.Configuration;

    public DistributedApplicationExecutionContext ExecutionContext => inner.ExecutionContext;

    public IList<IResource> Resources => inner.Resources;

    public string AppHostDirectory => inner.AppHostDirectory;

    public string StateDirectory => inner.StateDirectory;

    /// <summary>The state folder the builder made, deleted with the application; null when the test gave its own.</summary>
    internal string? OwnedStateDirectory { get; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => inner.AddResource(resource);

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => inner.CreateResourceBuilder(resource);

    /// <summary>Keeps only the named resources and what they need (waits, references, parents).</summary>
    public TestingBuilder KeepOnly(params string[] names)
    {
        inner.KeepOnly(names);
        return this;
    }

    public DistributedApplication Build()
    {
        var application = inner.BuildCore();
        if (OwnedStateDirectory is { } owned)
        {
            application.DisposeActions.Add(() => Directory.Delete(owned, recursive: true));
        }

        return application;
    }

    /// <summary>Builds the application; dispose it to stop every process and delete the test's state folder.</summary>
    public Task<DistributedApplication> BuildAsync() => Task.FromResult(Build());
}

/// <summary>How the testing builder sets up a topology a test composes itself.</summary>
public sealed record TestingOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Reuse this state folder (and keep it) instead of a fresh one: for tests of data that survives restarts.</summary>
    public string? StateDirectory { get; init; }

    public bool RandomizePorts { get; init; } = true;
}

public sealed class DistributedApplicationTestingBuilder<TEntryPoint> : TestingBuilder where TEntryPoint : class
{
    internal DistributedApplicationTestingBuilder(DistributedApplicationBuilder inner, string stateDirectory) : base(inner, stateDirectory)
    {
    }
}
