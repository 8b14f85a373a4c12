namespace Reference.Hosting.ApplicationModel;

/// <summary>A network endpoint the resource listens on. Port null means "pick a free one".</summary>
public sealed class EndpointAnnotation(string name, string scheme = "http", int? port = null, string? envVariable = null) : IResourceAnnotation
{
    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    public int? Port { get; set; } = port;

    /// <summary>Environment variable that tells the process its port; null for projects (they get ASPNETCORE_URLS).</summary>
    public string? EnvVariable { get; } = envVariable;
}

public enum WaitKind
{
    /// <summary>Wait until the dependency reports healthy.</summary>
    Healthy,

    /// <summary>Wait until the dependency has run to completion with exit code 0.</summary>
    Completion,
}

public sealed record WaitAnnotation(IResource Resource, WaitKind Kind) : IResourceAnnotation;

/// <summary>A resource this one references: it gets its connection string or service URLs.</summary>
public sealed record ResourceReferenceAnnotation(IResource Resource) : IResourceAnnotation;

public sealed record HttpHealthCheckAnnotation(string Path, string EndpointName) : IResourceAnnotation;

public sealed record ReplicaAnnotation(int Replicas) : IResourceAnnotation;

/// <summary>A process that does its work and exits: it counts as started once it finished with exit code 0.</summary>
public sealed record OneShotAnnotation : IResourceAnnotation;

public sealed record CommandLineArgsAnnotation(IReadOnlyList<string> Args) : IResourceAnnotation;

/// <summary>Marks the resource that receives OTLP from every project (the observability service).</summary>
public sealed record OtlpReceiverAnnotation(string EndpointName) : IResourceAnnotation;

/// <summary>Adds environment variables once endpoints are allocated (run) or as expressions (publish).</summary>
public sealed class EnvironmentCallbackAnnotation(Action<EnvironmentCallbackContext> callback) : IResourceAnnotation
{
    public Action<EnvironmentCallbackContext> Callback { get; } = callback;
}

public sealed class EnvironmentCallbackContext(DistributedApplicationExecutionContext executionContext, IResource resource, int replica)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public IResource Resource { get; } = resource;

    public int Replica { get; } = replica;

    public Dictionary<string, string> EnvironmentVariables { get; } = new(StringComparer.Ordinal);
}

public static class AnnotationExtensions
{
    public static IEnumerable<T> OfAnnotation<T>(this IResource resource) where T : IResourceAnnotation =>
        resource.Annotations.OfType<T>();

    public static bool TryGetLast<T>(this IResource resource, out T annotation) where T : class, IResourceAnnotation
    {
        annotation = resource.Annotations.OfType<T>().LastOrDefault()!;
        return annotation is not null;
    }

    public static int GetReplicaCount(this IResource resource) =>
        resource.TryGetLast<ReplicaAnnotation>(out var r) ? r.Replicas : 1;
}
