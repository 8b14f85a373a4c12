namespace Reference.Observability.Ingest;

/// <summary>
/// The rows of one export request, waiting in the ingest queue. The request is answered only when the writer has
/// committed them, so an acknowledged export survives a restart.
/// </summary>
internal sealed class TelemetryBatch
{
    private readonly TaskCompletionSource written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<SpanRow> Spans { get; } = [];

    public List<LogRow> Logs { get; } = [];

    public List<MetricPointRow> Points { get; } = [];

    public List<MetricInstrumentRow> Instruments { get; } = [];

    public int RowCount => Spans.Count + Logs.Count + Points.Count;

    public Task Written => written.Task;

    public void MarkWritten() => written.TrySetResult();

    public void MarkFailed(Exception exception) => written.TrySetException(exception);
}
