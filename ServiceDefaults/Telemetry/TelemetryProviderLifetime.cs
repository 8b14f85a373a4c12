using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Reference.ServiceDefaults;

// Creates the providers when the host starts and shuts them down (flushing what is buffered) when it stops.
// The shutdown has one short shared deadline: with the receiver gone (locally the observability service stops before
// the services it watches) an export can block for up to the exporter's 10 s timeout, and each provider's Dispose
// waited for it, so every service outlived the orchestrator's 5 s SIGTERM grace. After Shutdown, Dispose has nothing
// left to wait for. Log records written after this point reach the console only.
internal sealed class TelemetryProviderLifetime(TracerProvider tracerProvider, MeterProvider meterProvider, IServiceProvider services) : IHostedService
{
    private const int ShutdownTimeoutMilliseconds = 1_000;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var loggerProvider = services.GetService<LoggerProvider>();
        var shutdowns = new List<Task>
        {
            Task.Run(() => tracerProvider.Shutdown(ShutdownTimeoutMilliseconds), CancellationToken.None),
            Task.Run(() => meterProvider.Shutdown(ShutdownTimeoutMilliseconds), CancellationToken.None),
        };
        if (loggerProvider is not null)
        {
            shutdowns.Add(Task.Run(() => loggerProvider.Shutdown(ShutdownTimeoutMilliseconds), CancellationToken.None));
        }
        // Shutdown honours its timeout only between export attempts; an attempt in flight is not waited for.
        return Task.WhenAll(shutdowns).WaitAsync(TimeSpan.FromMilliseconds(ShutdownTimeoutMilliseconds + 250), CancellationToken.None)
            .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
