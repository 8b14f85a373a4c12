using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Reference.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

// What every service gets: telemetry, health, discovery, resilience, auth and problem details.
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddDefaultAuthentication();
        builder.AddDefaultProblemDetails();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
            http.AddServiceToken();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var instrumentationName = ServiceInstrumentation.NameFor(builder.Environment);
        var export = OtlpExport.IsEnabled(configuration);

        builder.Services.TryAddSingleton<ServiceInstrumentation>();

        // With nowhere to export to, nothing listens: collecting spans, measurements and log records that no exporter
        // reads cost every request (an activity per HTTP and database call, histogram updates, a log record per log
        // line) and bought nothing. Console logging stays.
        if (export)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
                logging.SetResourceBuilder(OtlpExport.ServiceResource(configuration, instrumentationName));
                logging.AddOtlpExporter(OtlpExport.ConfigureExporter(configuration));
            });
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, HttpServerSpans>());
        }

        // OpenTelemetry.Extensions.Hosting is not available here, so the host owns the providers.
        // They read the host's configuration, so OTEL_* keys work as settings as well as environment variables.
        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .ConfigureServices(services => services.AddSingleton<IConfiguration>(configuration))
                .SetResourceBuilder(OtlpExport.ServiceResource(configuration, instrumentationName));
            if (export)
            {
                tracing.AddSource(TelemetrySources.ActivitySources)
                    .AddSource(instrumentationName)
                    .AddOtlpExporter(OtlpExport.ConfigureExporter(configuration));
            }
            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .ConfigureServices(services => services.AddSingleton<IConfiguration>(configuration))
                .SetResourceBuilder(OtlpExport.ServiceResource(configuration, instrumentationName));
            if (export)
            {
                metrics.AddMeter(TelemetrySources.Meters)
                    .AddMeter(instrumentationName)
                    .AddOtlpExporter(OtlpExport.ConfigureExporter(configuration));
            }
            return metrics.Build();
        });
        builder.Services.AddHostedService<TelemetryProviderLifetime>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        }).AllowAnonymous();
        // Built on the first request and then served from memory: the path is anonymous, and building costs tens of ms.
        app.MapOpenApi().AllowAnonymous().AddEndpointFilter(new OpenApiDocumentCache(app.Environment));
        return app;
    }
}
