using System.Reflection;
using Microsoft.Extensions.Configuration;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;
using Reference.Hosting.Testing;

namespace Reference.Hosting;

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    internal DistributedApplicationBuilder(DistributedApplicationOptions options, Assembly? appHostAssembly)
    {
        Options = options;
        Command = AppHostCommand.Parse(options.Args);
        AppHostDirectory = Path.GetFullPath(options.AppHostDirectory ?? FindAppHostDirectory(appHostAssembly));

        Configuration = new ConfigurationManager();
        Configuration.SetBasePath(AppHostDirectory);
        Configuration.AddJsonFile("appsettings.json", optional: true);
        Configuration.AddJsonFile("appsettings.Development.json", optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(Command.ConfigurationArgs);

        StateDirectory = Path.GetFullPath(
            options.StateDirectory
            ?? Configuration["Hosting:StateDirectory"]
            ?? Path.Combine(AppHostDirectory, "..", ".platform"));
        ExecutionContext = new DistributedApplicationExecutionContext(Command.Operation);
        Secrets = new SecretStore(Path.Combine(StateDirectory, "secrets.json"));
    }

    public ConfigurationManager Configuration { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public IList<IResource> Resources { get; } = [];

    public string AppHostDirectory { get; }

    public string StateDirectory { get; }

    internal DistributedApplicationOptions Options { get; }

    internal AppHostCommand Command { get; }

    internal SecretStore Secrets { get; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (Resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{resource.Name}': a resource with that name already exists (names are case-insensitive).");
        }

        Resources.Add(resource);
        return CreateResourceBuilder(resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => new ResourceBuilder<T>(this, resource);

    public DistributedApplication Build()
    {
        // Under the testing builder the AppHost's own Build() call hands the model to the test instead.
        if (DistributedApplicationEntryPointHook.TryIntercept(this))
        {
            throw new DistributedApplicationEntryPointHook.InterceptedException();
        }

        return BuildCore();
    }

    internal DistributedApplication BuildCore()
    {
        // `dotnet run --project AppHost -- --Hosting:Only=model-registry,feature-store` runs just those and what they need.
        if (Command.Operation == DistributedApplicationOperation.Run && Configuration["Hosting:Only"] is { Length: > 0 } only)
        {
            KeepOnly(only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return new(this);
    }

    /// <summary>Keeps only the named resources and what they need (waits, references, parents).</summary>
    internal void KeepOnly(IEnumerable<string> names)
    {
        var roots = names.Select(n => Resources.FirstOrDefault(r => r.Name == n)
            ?? throw new DistributedApplicationException($"There is no resource named '{n}' (Hosting:Only). Resources: {string.Join(", ", Resources.Select(r => r.Name))}."));
        var keep = ResourceGraph.Closure(roots);
        foreach (var resource in Resources.Where(r => !keep.Contains(r)).ToArray())
        {
            Resources.Remove(resource);
        }
    }

    /// <summary>The concrete builder behind the interface (the testing builder wraps one).</summary>
    internal static DistributedApplicationBuilder From(IDistributedApplicationBuilder builder) => builder switch
    {
        DistributedApplicationBuilder concrete => concrete,
        TestingBuilder testing => testing.Inner,
        _ => throw new ArgumentException($"{builder.GetType().Name} is not a builder created by DistributedApplication.CreateBuilder.", nameof(builder)),
    };

    private static string FindAppHostDirectory(Assembly? assembly)
    {
        var fromBuild = assembly?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value;
        return fromBuild is not null && Directory.Exists(fromBuild) ? fromBuild : Directory.GetCurrentDirectory();
    }
}
