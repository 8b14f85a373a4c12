using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting;

public static class ResourceBuilderExtensions
{
    /// <summary>Gives the resource the connection string (ConnectionStrings__{name}) or service URLs (services__{name}__http__{i}) of another.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> source) where T : IResource =>
        builder.WithAnnotation(new ResourceReferenceAnnotation(source.Resource));

    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency) where T : IResource =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitKind.Healthy));

    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency) where T : IResource =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitKind.Completion));

    /// <summary>
    /// Runs the process once to completion (a setup or seeding job): the application is started only when it has
    /// finished with exit code 0; another exit code fails it, shown with its last lines, and it is not restarted.
    /// </summary>
    public static IResourceBuilder<T> AsOneShot<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        if (builder.Resource.GetReplicaCount() > 1 || builder.Resource.OfAnnotation<HttpHealthCheckAnnotation>().Any())
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' is one-shot: it runs once to completion, so it has neither replicas nor a health check.");
        }

        return builder.WithAnnotation(new OneShotAnnotation());
    }

    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : IResource
    {
        if (replicas is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"Resource '{builder.Resource.Name}': replicas must be between 1 and 64.");
        }

        return builder.WithAnnotation(new ReplicaAnnotation(replicas));
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : IResource =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter) where T : IResource =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = parameter.Resource.GetValue(context.ExecutionContext));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, EndpointReference endpoint) where T : IResource =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = endpoint.GetUrl(context.ExecutionContext));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback) where T : IResource =>
        builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args) where T : IResource =>
        builder.WithAnnotation(new CommandLineArgsAnnotation(args));

    /// <summary>An HTTP endpoint; with no port a free one is picked at each run.</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string? name = null, string? env = null) where T : IResource
    {
        name ??= "http";
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, $"Resource '{builder.Resource.Name}': port must be between 1 and 65535.");
        }

        var existing = builder.Resource.OfAnnotation<EndpointAnnotation>().FirstOrDefault(e => e.Name == name);
        if (existing is not null)
        {
            existing.Port = port;
            return builder;
        }

        return builder.WithAnnotation(new EndpointAnnotation(name, "http", port, env));
    }

    /// <summary>Healthy means this path answers 200; dependents that WaitFor the resource start only then.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health", string endpointName = "http") where T : IResource
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"Resource '{builder.Resource.Name}': a health check path starts with '/', got '{path}'.", nameof(path));
        }

        return builder.WithAnnotation(new HttpHealthCheckAnnotation(path, endpointName));
    }

    /// <summary>Makes this resource the OTLP receiver that every project exports telemetry to.</summary>
    public static IResourceBuilder<T> WithOtlpReceiver<T>(this IResourceBuilder<T> builder, string endpointName = "http") where T : IResource =>
        builder.WithAnnotation(new OtlpReceiverAnnotation(endpointName));

    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name = "http") where T : IResource =>
        builder.Resource.GetEndpoint(name);
}
