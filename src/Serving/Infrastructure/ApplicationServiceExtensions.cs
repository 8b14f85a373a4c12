using Microsoft.Extensions.Options;
using Reference.FeatureStore.Client;
using Reference.ModelRegistry.Client;
using Reference.Serving.Features;
using Reference.Serving.Inference;
using Reference.Serving.Infrastructure;
using Reference.Serving.Models;
using Reference.Serving.Predictions;
using Reference.Serving.UseCases;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    public const string OnlineStoreName = "online-store";

    // The model catalog and its lifecycle, the online feature reader (Redis, direct) and prediction sampling.
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.SectionName);
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ServingJsonContext.Default));

        builder.AddRedisClient(OnlineStoreName);
        services.AddSingleton(serviceProvider => new OnlineFeatureReader(
            serviceProvider.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), serviceProvider.GetRequiredService<TimeProvider>()));

        services.AddHttpClient<ModelRegistryClient>((serviceProvider, client) =>
        {
            client.BaseAddress = serviceProvider.GetRequiredService<IOptions<ServingOptions>>().Value.RegistryUrl;
            // The event stream stays open; the resilience pipeline bounds each call instead.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        services.AddHttpClient<FeatureStoreHttpClient>((serviceProvider, client) =>
            client.BaseAddress = serviceProvider.GetRequiredService<IOptions<ServingOptions>>().Value.FeatureStoreUrl);
        services.AddHttpClient(PredictionShipper.HttpClientName, (serviceProvider, client) =>
            client.BaseAddress = serviceProvider.GetRequiredService<IOptions<ServingOptions>>().Value.ObservabilityUrl);

        services.AddSingleton(serviceProvider => new ModelCatalog(UseCaseServingSpecs.Resolve(serviceProvider.GetRequiredService<IOptions<ServingOptions>>().Value)));
        services.AddSingleton<RegistryStatus>();
        services.AddSingleton<ServingMetrics>();
        services.AddTransient<ModelLoader>();
        services.AddHostedService<ModelLifecycle>();
        services.AddSingleton<PredictionSampler>();
        services.AddHostedService<PredictionShipper>();
        services.AddSingleton<InferenceRunner>();
        services.AddSingleton<EntityScorer>();
        services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models");
        return builder;
    }
}
