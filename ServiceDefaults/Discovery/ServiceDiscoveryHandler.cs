namespace Reference.ServiceDefaults;

// Sends each attempt to a configured replica of the named service, then restores the logical URI
// so that a retry resolves again (and may reach another replica).
public sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    // Set on requests that went through discovery; outgoing service tokens are attached only to those.
    public static readonly HttpRequestOptionsKey<string> ServiceName = new("Reference.ServiceDiscovery.ServiceName");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var logical = request.RequestUri;
        if (logical is null || !ServiceEndpointResolver.IsServiceReference(logical))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.Options.Set(ServiceName, logical.Host);
        request.RequestUri = resolver.Resolve(logical);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            request.RequestUri = logical;
        }
    }
}
