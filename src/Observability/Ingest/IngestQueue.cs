using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Ingest;

/// <summary>
/// The bounded queue between the OTLP endpoints and the writer. When it is full the endpoint answers 429 with
/// Retry-After, which OTLP exporters honour, instead of letting memory grow without bound.
/// </summary>
internal sealed class IngestQueue(IOptions<IngestOptions> options)
{
    private readonly Channel<TelemetryBatch> channel = Channel.CreateBounded<TelemetryBatch>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public int Count => channel.Reader.Count;

    public bool TryEnqueue(TelemetryBatch batch) => channel.Writer.TryWrite(batch);

    public ChannelReader<TelemetryBatch> Reader => channel.Reader;

    public void Complete() => channel.Writer.TryComplete();
}
