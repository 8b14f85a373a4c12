using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Orchestration;

/// <summary>
/// The environment a process gets, with Aspire's names: ConnectionStrings__{name} for databases and caches,
/// services__{name}__{endpoint}__{i} per replica of a referenced service, and the OTEL_* settings.
/// </summary>
internal static class EnvironmentBuilder
{
    public static Dictionary<string, string> Build(IResource resource, int replica, IEnumerable<IResource> model, DistributedApplicationExecutionContext context, string? externalOtlpEndpoint)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var reference in resource.OfAnnotation<ResourceReferenceAnnotation>().Select(r => r.Resource))
        {
            AddReference(env, reference, context);
        }

        if (resource is ProjectResource)
        {
            AddTelemetry(env, resource, replica, model, context, externalOtlpEndpoint);
        }

        var callbackContext = new EnvironmentCallbackContext(context, resource, replica);
        foreach (var callback in resource.OfAnnotation<EnvironmentCallbackAnnotation>())
        {
            callback.Callback(callbackContext);
        }

        foreach (var (key, value) in callbackContext.EnvironmentVariables)
        {
            env[key] = value;
        }

        return env;
    }

    private static void AddReference(Dictionary<string, string> env, IResource reference, DistributedApplicationExecutionContext context)
    {
        if (reference is IResourceWithConnectionString withConnection)
        {
            env[$"ConnectionStrings__{reference.Name}"] = withConnection.GetConnectionString(context);
            return;
        }

        var endpoints = reference.OfAnnotation<EndpointAnnotation>().ToArray();
        if (endpoints.Length == 0)
        {
            throw new DistributedApplicationException($"Resource '{reference.Name}' has neither a connection string nor endpoints, so nothing can reference it.");
        }

        var replicas = context.IsPublishMode ? 1 : reference.GetReplicaCount();
        foreach (var endpoint in endpoints)
        {
            for (var i = 0; i < replicas; i++)
            {
                env[$"services__{reference.Name}__{endpoint.Name}__{i}"] = reference.GetEndpoint(endpoint.Name).GetUrl(context, i);
            }
        }
    }

    private static void AddTelemetry(Dictionary<string, string> env, IResource resource, int replica, IEnumerable<IResource> model, DistributedApplicationExecutionContext context, string? externalOtlpEndpoint)
    {
        env["OTEL_SERVICE_NAME"] = resource.Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={resource.Name}-{replica}";

        // The receiver does not export to itself: its own telemetry would feed its ingest in a loop.
        var receiver = model.FirstOrDefault(r => r.OfAnnotation<OtlpReceiverAnnotation>().Any());
        var endpoint = receiver is null
            ? externalOtlpEndpoint
            : ReferenceEquals(receiver, resource)
                ? null
                : receiver.GetEndpoint(receiver.OfAnnotation<OtlpReceiverAnnotation>().Last().EndpointName).GetUrl(context);
        if (endpoint is null)
        {
            return;
        }

        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        if (context.IsRunMode)
        {
            // Short export intervals locally, so the dashboard shows what just happened.
            env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";

            // Exports that meet a receiver still starting, or answering 429/503, are retried instead of dropped.
            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        }
    }
}
