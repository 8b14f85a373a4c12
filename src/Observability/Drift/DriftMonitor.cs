using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;
using Reference.Observability.Predictions;
using Reference.ServiceDefaults;

namespace Reference.Observability.Drift;

/// <summary>
/// Every interval: for each model version with enough samples in the live window, compare them with the version's
/// training profile, store the result (and its metric points), and ask for a retrain when the model drifted.
/// </summary>
public sealed class DriftMonitor(
    PredictionStore predictions, IDataProfileSource profiles, DriftStore store, RetrainTrigger trigger, IOptions<DriftOptions> options,
    TimeProvider time, ServiceInstrumentation instrumentation, ILogger<DriftMonitor> logger) : BackgroundService
{
    // Bounds the work per evaluation; a window bigger than this is represented by its newest rows.
    private const int MaxLiveRows = 50_000;

    private readonly Counter<long> evaluations = instrumentation.Meter.CreateCounter<long>("reference.observability.drift.evaluations", "{evaluation}", "Drift evaluations of model versions");
    private readonly Counter<long> drifted = instrumentation.Meter.CreateCounter<long>("reference.observability.drift.detections", "{evaluation}", "Evaluations that found the model drifted");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DurationText.Parse(options.Value.Interval, "Drift:Interval"), time);
        do
        {
            try
            {
                await EvaluateAllAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Drift evaluation failed; the next interval tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<IReadOnlyList<DriftResult>> EvaluateAllAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var end = time.GetUtcNow();
        var start = end - DurationText.Parse(settings.Window, "Drift:Window");
        var results = new List<DriftResult>();
        foreach (var (model, version, _) in await predictions.ServedVersionsAsync(start, settings.MinRows, cancellationToken))
        {
            if (await profiles.GetAsync(model, version, cancellationToken) is not { } profile)
            {
                continue;
            }
            var rows = await predictions.LiveFeaturesAsync(model, version, start, MaxLiveRows, cancellationToken);
            var report = DriftDetector.Evaluate(model, version, profile, rows, start, end, settings.LargeSampleRows);
            var id = await store.SaveAsync(report, end, cancellationToken);
            var result = new DriftResult(id, end, report);
            results.Add(result);
            var tags = new TagList { { "model", model }, { "version", version } };
            evaluations.Add(1, tags);
            if (report.Drifted)
            {
                drifted.Add(1, tags);
                await trigger.FireAsync(result, cancellationToken);
            }
        }
        return results;
    }
}
