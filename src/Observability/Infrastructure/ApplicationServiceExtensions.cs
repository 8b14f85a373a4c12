using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;
using Reference.Observability.Ingest;
using Reference.Observability.Storage;
using Reference.Observability.Dashboard;
using Reference.Observability.Drift;
using Reference.Observability.Predictions;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    public const string DatabaseName = "telemetrydb";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.AddSchemaMigrations(DatabaseName, typeof(Program).Assembly);

        var services = builder.Services;
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ObservabilityJsonContext.Default));
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.AddOptions<DriftOptions>().BindConfiguration(DriftOptions.SectionName).ValidateOnStart();
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidation>();
        services.AddSingleton<IValidateOptions<DriftOptions>, DriftOptionsValidation>();

        services.AddSingleton<IngestQueue>();
        services.AddSingleton<OtlpReceiver>();
        services.AddSingleton<TelemetryWriter>();
        services.AddHostedService(s => s.GetRequiredService<TelemetryWriter>());
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(s => s.GetRequiredService<RetentionSweeper>());
        services.AddSingleton<TelemetryQueries>();
        services.AddSingleton<ServingQueries>();
        services.AddSingleton<PredictionStore>();
        services.AddSingleton<DriftStore>();
        services.AddHttpClient(RegistryDataProfileSource.HttpClientName);
        services.AddHttpClient(RetrainTrigger.HttpClientName);
        services.AddHttpClient("health-probes");
        services.AddSingleton<IDataProfileSource, RegistryDataProfileSource>();
        services.AddSingleton<RetrainTrigger>();
        services.AddSingleton<DriftMonitor>();
        services.AddHostedService(s => s.GetRequiredService<DriftMonitor>());
        builder.AddDashboardAccess();
        return builder;
    }
}
