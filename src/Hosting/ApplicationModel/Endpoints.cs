namespace Reference.Hosting.ApplicationModel;

/// <summary>One endpoint of one resource; its URL is known once run mode has allocated ports.</summary>
public sealed class EndpointReference(IResource resource, string endpointName)
{
    public IResource Resource { get; } = resource;

    public string EndpointName { get; } = endpointName;

    public EndpointAnnotation Annotation =>
        Resource.OfAnnotation<EndpointAnnotation>().FirstOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    public int GetPort(int replica = 0) => Resource.GetAllocatedPort(EndpointName, replica);

    public string GetUrl(int replica = 0) => $"{Annotation.Scheme}://127.0.0.1:{GetPort(replica)}";

    public string GetUrl(DistributedApplicationExecutionContext context, int replica = 0) =>
        context.IsPublishMode ? $"{{{Resource.Name}.bindings.{EndpointName}.url}}" : GetUrl(replica);
}

/// <summary>Ports chosen by run mode, one per replica, kept on the resource so references can read them.</summary>
public sealed class AllocatedEndpointsAnnotation : IResourceAnnotation
{
    public Dictionary<string, int[]> Ports { get; } = new(StringComparer.Ordinal);
}

public static class EndpointExtensions
{
    public static EndpointReference GetEndpoint(this IResource resource, string name = "http") => new(resource, name);

    public static int GetAllocatedPort(this IResource resource, string endpointName, int replica = 0)
    {
        if (resource.TryGetLast<AllocatedEndpointsAnnotation>(out var allocated) &&
            allocated.Ports.TryGetValue(endpointName, out var ports) && replica < ports.Length)
        {
            return ports[replica];
        }

        throw new InvalidOperationException(
            $"Endpoint '{endpointName}' of resource '{resource.Name}' (replica {replica}) has no port yet: ports are allocated when the application starts.");
    }
}
