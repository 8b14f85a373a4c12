using Reference.FeatureStore.Apis;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Governance;
using Reference.FeatureStore.Materialization;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Offline;
using Reference.FeatureStore.Online;
using Reference.FeatureStore.Serialization;
using Reference.FeatureStore.Stats;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("featuresdb");
        builder.AddSchemaMigrations("featuresdb", typeof(ApplicationServiceExtensions).Assembly);
        builder.AddRedisClient("online-store");

        var services = builder.Services;
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, FeatureStoreJsonContext.Default));
        services.AddOptions<PlatformLocation>().BindConfiguration(PlatformLocation.SectionName);

        services.AddSingleton<DefinitionStore>();
        services.AddSingleton<FeatureRegistry>();
        services.AddSingleton<FeatureReferences>();
        services.AddSingleton<FeatureViewApplier>();
        services.AddSingleton<Reference.FeatureStore.Offline.EntitySetStore>();
        services.AddSingleton<MutationRunner>();

        services.AddSingleton<OnlineFeatureReader>();
        services.AddSingleton<OnlineStoreWriter>();
        services.AddSingleton<OnlineStoreCleaner>();

        services.AddOptions<MaterializationOptions>().BindConfiguration(MaterializationOptions.SectionName);
        services.AddSingleton<MaterializationStore>();
        services.AddSingleton<MaterializationLeases>();
        services.AddSingleton<MaterializationQueue>();
        services.AddSingleton<Materializer>();
        services.AddSingleton<MaterializationDependencies>();
        services.AddHostedService<MaterializationRunner>();
        services.AddSingleton<FreshnessTracker>();
        services.AddSingleton<IngestedRowsCounter>();
        services.AddHostedService(provider => provider.GetRequiredService<FreshnessTracker>());
        services.AddSingleton<FeatureViewStatistics>();
        return builder;
    }
}
