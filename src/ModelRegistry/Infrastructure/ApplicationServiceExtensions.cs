using Microsoft.Extensions.DependencyInjection.Extensions;
using Reference.ModelRegistry.Aliases;
using Reference.ModelRegistry.Artifacts;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Events;
using Reference.ModelRegistry.Models;
using Reference.ModelRegistry.Promotions;
using Reference.ModelRegistry.Versions;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    public const string DatabaseName = "registrydb";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.AddSchemaMigrations(DatabaseName, typeof(Program).Assembly);

        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default));

        builder.Services.AddOptions<ArtifactOptions>().BindConfiguration(ArtifactOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ArtifactOptions>, ArtifactOptionsValidation>();
        builder.Services.AddSingleton<PostgresArtifactStore>();
        builder.Services.AddSingleton<FileSystemArtifactStore>();
        builder.Services.AddSingleton<ArtifactStores>();
        builder.Services.AddOptions<ArtifactSweepOptions>().BindConfiguration(ArtifactSweepOptions.SectionName)
            .Validate(o => o.Interval > TimeSpan.Zero && o.GracePeriod > TimeSpan.Zero, "ArtifactSweep:Interval and ArtifactSweep:GracePeriod must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ArtifactSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ArtifactSweeper>());

        builder.Services.AddSingleton<Reference.ModelRegistry.Infrastructure.RegistryDatabase>();
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddSingleton<VersionStore>();
        builder.Services.AddSingleton<VersionUploadHandler>();
        builder.Services.AddSingleton<AliasMover>();
        builder.Services.AddSingleton<AliasCache>();
        builder.Services.AddSingleton<PromotionStore>();
        builder.Services.AddSingleton<RegistryEventHub>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RegistryEventHub>());
        builder.Services.AddSingleton<EventFeed>();
        return builder;
    }
}
