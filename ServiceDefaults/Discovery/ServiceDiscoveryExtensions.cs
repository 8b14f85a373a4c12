using Microsoft.Extensions.DependencyInjection.Extensions;
using Reference.ServiceDefaults;

namespace Microsoft.Extensions.DependencyInjection;

// Named like Microsoft.Extensions.ServiceDiscovery so that moving to it is a package swap.
public static class ServiceDiscoveryExtensions
{
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.TryAddSingleton<ServiceEndpointResolver>();
        return services;
    }

    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        builder.AddHttpMessageHandler(services => new ServiceDiscoveryHandler(services.GetRequiredService<ServiceEndpointResolver>()));
        return builder;
    }
}
