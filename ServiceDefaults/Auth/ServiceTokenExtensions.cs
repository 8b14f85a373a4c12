using Reference.ServiceDefaults;

namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceTokenExtensions
{
    // Calls that service discovery routes to a platform service carry a service token (see ServiceTokenHandler).
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder builder)
    {
        builder.AddHttpMessageHandler(services => new ServiceTokenHandler(services.GetRequiredService<ServiceTokenIssuer>()));
        return builder;
    }
}
