using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reference.ServiceDefaults;

namespace Microsoft.Extensions.DependencyInjection;

// Named like Microsoft.Extensions.Http.Resilience so that moving to it is a package swap.
public static class ResilienceExtensions
{
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.Services.AddOptions<HttpResilienceOptions>().BindConfiguration(HttpResilienceOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<HttpResiliencePipelines>();
        builder.AddHttpMessageHandler(services => new ResilienceHandler(services.GetRequiredService<HttpResiliencePipelines>()));
        return builder;
    }
}
