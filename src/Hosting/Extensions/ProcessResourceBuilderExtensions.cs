using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting;

public static class ProcessResourceBuilderExtensions
{
    /// <summary>A .NET project started from its build output, one process per replica, with an HTTP endpoint and OTLP settings.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject());

    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, IProjectMetadata project) =>
        builder.AddResource(new ProjectResource(name, project)).WithHttpEndpoint();

    /// <summary>A project by path: run mode expects it built with the AppHost's configuration.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(projectPath, builder.AppHostDirectory);
        return builder.AddProject(name, ProjectMetadata.FromProjectPath(fullPath));
    }

    public static IResourceBuilder<ExecutableResource> AddExecutable(this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        var resource = new ExecutableResource(name, command, Path.GetFullPath(workingDirectory, builder.AppHostDirectory));
        var result = builder.AddResource(resource);
        return args.Length > 0 ? result.WithArgs(args) : result;
    }
}

/// <summary>Metadata for a project given by path rather than generated from a project reference.</summary>
public sealed record ProjectMetadata(string ProjectPath, string TargetPath) : IProjectMetadata
{
    public static ProjectMetadata FromProjectPath(string projectPath)
    {
        var directory = Path.GetDirectoryName(projectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(projectPath);
        var configuration = typeof(ProjectMetadata).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Debug";
        return new ProjectMetadata(projectPath, Path.Combine(directory, "bin", configuration, "net10.0", assemblyName + ".dll"));
    }
}
