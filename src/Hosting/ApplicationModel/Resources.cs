namespace Reference.Hosting.ApplicationModel;

/// <summary>A resource whose clients connect with a connection string (ConnectionStrings__{name}).</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The real value in run mode; a manifest expression in publish mode.</summary>
    string GetConnectionString(DistributedApplicationExecutionContext context);
}

/// <summary>Metadata generated for each project the AppHost references (see build/Reference.Hosting.AppHost.targets).</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }

    /// <summary>The built assembly (bin/…/Name.dll) that run mode starts.</summary>
    string TargetPath { get; }
}

public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    public IProjectMetadata Project { get; } = project;
}

public sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name)
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;
}

/// <summary>A value from configuration Parameters:{name}; secrets are generated and kept for local runs.</summary>
public sealed class ParameterResource(string name, bool secret, Func<string> resolve) : Resource(name)
{
    private readonly Lazy<string> value = new(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public bool Secret { get; } = secret;

    public string Value => value.Value;

    public string GetValue(DistributedApplicationExecutionContext context) =>
        context.IsPublishMode ? $"{{{Name}.value}}" : Value;
}

public sealed class PostgresServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public string UserName => "postgres";

    public ParameterResource Password { get; } = password;

    public List<PostgresDatabaseResource> Databases { get; } = [];

    public string GetConnectionString(DistributedApplicationExecutionContext context)
    {
        if (context.IsPublishMode)
        {
            return $"{{{Name}.connectionString}}";
        }

        var port = this.GetAllocatedPort(EndpointName);
        return $"Host=127.0.0.1;Port={port};Username={UserName};Password={Password.Value}";
    }
}

public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent) : Resource(name), IResourceWithConnectionString, IResourceWithParent
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = parent;

    public IResource Parent => Server;

    public string GetConnectionString(DistributedApplicationExecutionContext context) =>
        context.IsPublishMode
            ? $"{{{Name}.connectionString}}"
            : $"{Server.GetConnectionString(context)};Database={DatabaseName}";
}

public sealed class RedisResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    /// <summary>RDB snapshot after this interval when at least <see cref="SnapshotKeysChanged"/> keys changed; null = no persistence.</summary>
    public TimeSpan? SnapshotInterval { get; set; } = TimeSpan.FromSeconds(60);

    public int SnapshotKeysChanged { get; set; } = 1;

    public bool AppendOnly { get; set; }

    public string GetConnectionString(DistributedApplicationExecutionContext context) =>
        context.IsPublishMode
            ? $"{{{Name}.connectionString}}"
            : $"127.0.0.1:{this.GetAllocatedPort(EndpointName)},password={Password.Value}";
}
