using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Reference.Serving.Infrastructure;
using Reference.Serving.Models;

namespace Reference.Serving.Predictions;

// One sampled row: the version that scored it, its inputs in signature order, and its output.
public readonly record struct PredictionRecord(LoadedModel Model, double[] Inputs, double Output, DateTimeOffset At);

// Picks Serving:SampleRate of scored rows (at most Serving:MaxSamplesPerSecond) and queues them for PredictionShipper.
// The queue is bounded and never waits: when it is full the sample is dropped and counted, so logging can never slow
// a request down.
public sealed class PredictionSampler
{
    private readonly Channel<PredictionRecord> queue;
    private readonly double rate;
    private readonly ServingMetrics metrics;
    private readonly TimeProvider time;
    private readonly int maxPerSecond;
    private long currentSecond;
    private int takenThisSecond;

    public PredictionSampler(IOptions<ServingOptions> options, ServingMetrics metrics, TimeProvider time)
    {
        var settings = options.Value;
        rate = Math.Clamp(settings.SampleRate, 0, 1);
        queue = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(Math.Max(1, settings.SampleQueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        this.metrics = metrics;
        this.time = time;
        maxPerSecond = settings.MaxSamplesPerSecond;
    }

    internal ChannelReader<PredictionRecord> Reader => queue.Reader;

    // rows: row-major inputs of the batch; outputs: one per row.
    public void Offer(LoadedModel model, ReadOnlySpan<double> rows, ReadOnlySpan<double> outputs)
    {
        if (rate <= 0)
        {
            return;
        }
        var width = model.InputCount;
        for (var r = 0; r < outputs.Length; r++)
        {
            if (rate < 1 && Random.Shared.NextDouble() >= rate)
            {
                continue;
            }
            if (!WithinCap())
            {
                metrics.SamplesCapped(1);
                continue;
            }
            var record = new PredictionRecord(model, rows.Slice(r * width, width).ToArray(), outputs[r], time.GetUtcNow());
            if (!queue.Writer.TryWrite(record))
            {
                metrics.SamplesDropped(1);
            }
        }
    }

    // At most MaxSamplesPerSecond per replica: drift detection needs a steady sample, not every row of a traffic peak,
    // and a flood of samples would cost observability (and a shared machine) more than the requests themselves.
    private bool WithinCap()
    {
        if (maxPerSecond <= 0)
        {
            return true;
        }
        var second = time.GetTimestamp() / time.TimestampFrequency;
        if (Volatile.Read(ref currentSecond) != second)
        {
            Volatile.Write(ref currentSecond, second);
            Volatile.Write(ref takenThisSecond, 0);
        }
        return Interlocked.Increment(ref takenThisSecond) <= maxPerSecond;
    }

    internal void Complete() => queue.Writer.TryComplete();
}
