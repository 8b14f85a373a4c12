using System.Net.Http.Headers;

namespace Reference.ServiceDefaults;

// Attaches a service token to calls that service discovery routed to another service of the platform,
// unless the caller set an Authorization header itself. Other destinations never see the token.
public sealed class ServiceTokenHandler(ServiceTokenIssuer issuer) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && issuer.CanIssue && request.Options.TryGetValue(ServiceDiscoveryHandler.ServiceName, out _))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue());
        }
        return base.SendAsync(request, cancellationToken);
    }
}
