using System.Diagnostics;
using System.Diagnostics.Metrics;
using Reference.Serving.Models;
using Reference.ServiceDefaults;

namespace Reference.Serving.Infrastructure;

// Per-version request counts and latencies (reference.serving.inference.*), model loads, and prediction samples
// dropped because the queue to observability was full.
public sealed class ServingMetrics
{
    private readonly Histogram<double> duration;
    private readonly Counter<long> requests;
    private readonly Counter<long> rows;
    private readonly Counter<long> loads;
    private readonly Counter<long> loadFailures;
    private readonly Counter<long> samplesDropped;
    private readonly Counter<long> samplesSent;
    private readonly Counter<long> samplesCapped;

    public ServingMetrics(ServiceInstrumentation instrumentation)
    {
        var meter = instrumentation.Meter;
        duration = meter.CreateHistogram<double>("reference.serving.inference.duration", "s", "Time to score a request, per model version and role.");
        requests = meter.CreateCounter<long>("reference.serving.inference.requests", "{request}", "Scored requests per model version and role.");
        rows = meter.CreateCounter<long>("reference.serving.inference.rows", "{row}", "Scored rows per model version.");
        loads = meter.CreateCounter<long>("reference.serving.model.loads", "{load}", "Model versions downloaded, verified and loaded.");
        loadFailures = meter.CreateCounter<long>("reference.serving.model.load_failures", "{failure}", "Versions that could not be loaded (the last good one kept serving).");
        samplesDropped = meter.CreateCounter<long>("reference.serving.prediction_samples.dropped", "{sample}", "Prediction samples dropped: queue full or observability unreachable.");
        samplesCapped = meter.CreateCounter<long>("reference.serving.prediction_samples.capped", "{sample}", "Samples skipped over Serving:MaxSamplesPerSecond.");
        samplesSent = meter.CreateCounter<long>("reference.serving.prediction_samples.sent", "{sample}", "Prediction samples delivered to observability.");
    }

    public void Scored(LoadedModel model, string role, int rowCount, long startTimestamp)
    {
        var tags = new TagList
        {
            { "model.name", model.Name },
            model.VersionTag,
            { "serving.role", role },
        };
        duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        requests.Add(1, tags);
        rows.Add(rowCount, tags);
    }

    public void Loaded(string model) => loads.Add(1, new KeyValuePair<string, object?>("model.name", model));

    public void LoadFailed(string model) => loadFailures.Add(1, new KeyValuePair<string, object?>("model.name", model));

    public void SamplesDropped(long count) => samplesDropped.Add(count);

    public void SamplesSent(long count) => samplesSent.Add(count);

    public void SamplesCapped(long count) => samplesCapped.Add(count);
}

public static class ServingRoles
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";
    public const string Shadow = "shadow";
    public const string Pinned = "pinned";
}
