using Microsoft.Extensions.Configuration;
using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Orchestration;

/// <summary>A .NET project started from its build output (dotnet Name.dll), one process per replica.</summary>
internal sealed class ProjectRunner(ProjectResource project, RunContext context) : SupervisedRunner(project, context)
{
    private readonly string dotnet = DotnetHost.Path;

    protected override string TypeName => "Project";

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(project.Project.TargetPath))
        {
            throw new DistributedApplicationException(
                $"Project '{Resource.Name}' is not built: '{project.Project.TargetPath}' does not exist. Build the solution (dotnet build) or run the AppHost with dotnet run, which builds it.");
        }

        return Task.CompletedTask;
    }

    protected override Task<ProcessSpec> CreateSpecAsync(int replica, CancellationToken cancellationToken)
    {
        var env = EnvironmentBuilder.Build(Resource, replica, Context.Resources, Context.ExecutionContext, Context.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var environmentName = Context.Configuration["Hosting:Environment"] ?? "Development";
        env["ASPNETCORE_ENVIRONMENT"] = environmentName;
        env["DOTNET_ENVIRONMENT"] = environmentName;
        env["ASPNETCORE_URLS"] = string.Join(';', Resource.OfAnnotation<EndpointAnnotation>().Select(e => Resource.GetEndpoint(e.Name).GetUrl(replica)));
        env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        env["Logging__Console__FormatterName"] = "simple";
        env["Logging__Console__FormatterOptions__SingleLine"] = "true";
        if (Resource.OfAnnotation<OtlpReceiverAnnotation>().Any())
        {
            // The receiver is the dashboard too: it logs browsers in with this token and shows the run state and console logs.
            env["Dashboard__BrowserToken"] = Context.DashboardToken;
            env["Dashboard__RunStateFile"] = Context.DashboardStateFile;
            env["Dashboard__LogsDirectory"] = Context.LogsDirectory;
        }

        var args = new List<string> { project.Project.TargetPath };
        args.AddRange(Resource.OfAnnotation<CommandLineArgsAnnotation>().SelectMany(a => a.Args));
        var workingDirectory = Path.GetDirectoryName(project.Project.ProjectPath)!;
        return Task.FromResult(new ProcessSpec(dotnet, args, Directory.Exists(workingDirectory) ? workingDirectory : Path.GetDirectoryName(project.Project.TargetPath)!) { Environment = env });
    }
}

/// <summary>Any program: command, working directory, arguments; endpoints reach it through their env variable.</summary>
internal sealed class ExecutableRunner(ExecutableResource executable, RunContext context) : SupervisedRunner(executable, context)
{
    protected override string TypeName => "Executable";

    protected override Task<ProcessSpec> CreateSpecAsync(int replica, CancellationToken cancellationToken)
    {
        var env = EnvironmentBuilder.Build(Resource, replica, Context.Resources, Context.ExecutionContext, Context.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        foreach (var endpoint in Resource.OfAnnotation<EndpointAnnotation>().Where(e => e.EnvVariable is not null))
        {
            env[endpoint.EnvVariable!] = Resource.GetAllocatedPort(endpoint.Name, replica).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var args = Resource.OfAnnotation<CommandLineArgsAnnotation>().SelectMany(a => a.Args).ToArray();
        return Task.FromResult(new ProcessSpec(executable.Command, args, executable.WorkingDirectory) { Environment = env });
    }
}

internal static class DotnetHost
{
    /// <summary>The dotnet host that runs projects: the one running us when it is dotnet, else DOTNET_HOST_PATH or PATH.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } self && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator)
            .Prepend(root ?? string.Empty)
            .Append("/usr/share/dotnet").Append("/usr/lib/dotnet").Append("/usr/local/share/dotnet")
            .Where(d => d.Length > 0)
            .Select(d => System.IO.Path.Combine(d, "dotnet"));
        return candidates.FirstOrDefault(File.Exists) ?? "dotnet";
    }
}
