using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Materialization;

// Freshness per view = now − newest event materialized online, exported as reference.feature_store.freshness (s).
// Refreshed from PostgreSQL so that every replica reports what any replica materialized.
public sealed class FreshnessTracker : BackgroundService
{
    private readonly ConcurrentDictionary<string, DateTime> _newest = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;

    public FreshnessTracker(ServiceInstrumentation instrumentation, TimeProvider time, IServiceProvider services)
    {
        _time = time;
        _services = services;
        instrumentation.Meter.CreateObservableGauge("reference.feature_store.freshness", Observe, unit: "s",
            description: "Seconds between now and the newest event timestamp materialized to the online store, per feature view.");
    }

    public void Observe(string view, DateTime newestEvent) =>
        _newest.AddOrUpdate(view, newestEvent, (_, current) => newestEvent > current ? newestEvent : current);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                var store = (MaterializationStore)_services.GetService(typeof(MaterializationStore))!;
                foreach (var (view, newest) in await store.NewestMaterializedAsync(stoppingToken))
                {
                    Observe(view, newest);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Telemetry only: the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<double>> Observe()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var (view, newest) in _newest)
        {
            yield return new Measurement<double>((now - newest).TotalSeconds, new KeyValuePair<string, object?>("feature_view", view));
        }
    }
}
