using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Ingest;

/// <summary>
/// Drains the ingest queue: gathers the rows of several export requests, writes them with binary COPY in one
/// transaction, then releases the requests, which answer 200 only now, so an acknowledged export is durable.
/// </summary>
internal sealed class TelemetryWriter(IngestQueue queue, NpgsqlDataSource dataSource, IOptions<IngestOptions> options, ILogger<TelemetryWriter> logger) : BackgroundService
{
    private readonly List<TelemetryBatch> pending = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxRows = Math.Max(1, options.Value.MaxRowsPerWrite);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                pending.Clear();
                var rows = 0;
                while (rows < maxRows && queue.Reader.TryRead(out var batch))
                {
                    pending.Add(batch);
                    rows += batch.RowCount;
                }
                try
                {
                    await WriteAsync(pending, stoppingToken);
                    foreach (var batch in pending)
                    {
                        batch.MarkWritten();
                    }
                }
                // Whatever failed, the writer must live on: a dead writer would leave every later export waiting forever.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Writing {Requests} export request(s) failed; their senders are told to retry", pending.Count);
                    foreach (var batch in pending)
                    {
                        batch.MarkFailed(ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Requests still queued at shutdown were never acknowledged: tell their senders to retry elsewhere or later.
            var stopping = new OperationCanceledException("The receiver is stopping.");
            foreach (var batch in pending)
            {
                batch.MarkFailed(stopping);
            }
            while (queue.Reader.TryRead(out var batch))
            {
                batch.MarkFailed(stopping);
            }
        }
    }

    public async Task WriteAsync(IReadOnlyList<TelemetryBatch> batches, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (Any(batches, b => b.Spans.Count))
        {
            await CopySpansAsync(connection, batches, cancellationToken);
        }
        if (Any(batches, b => b.Logs.Count))
        {
            await CopyLogsAsync(connection, batches, cancellationToken);
        }
        if (Any(batches, b => b.Points.Count))
        {
            await CopyPointsAsync(connection, batches, cancellationToken);
            await UpsertInstrumentsAsync(connection, transaction, batches, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static bool Any(IReadOnlyList<TelemetryBatch> batches, Func<TelemetryBatch, int> count)
    {
        foreach (var batch in batches)
        {
            if (count(batch) > 0)
            {
                return true;
            }
        }
        return false;
    }

    private static async Task CopySpansAsync(NpgsqlConnection connection, IReadOnlyList<TelemetryBatch> batches, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY spans (trace_id, span_id, parent_span_id, service, name, kind, start_time, end_time, duration_ns, status_code, status_message, scope, attributes, resource_attributes, events) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var batch in batches)
        {
            foreach (var span in batch.Spans)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(span.TraceId, NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(span.SpanId, NpgsqlDbType.Bytea, cancellationToken);
                await WriteOrNullAsync(copy, span.ParentSpanId, NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(span.Service, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(span.Name, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(span.Kind, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(span.Start, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(span.End, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(span.DurationNanos, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(span.StatusCode, NpgsqlDbType.Smallint, cancellationToken);
                await WriteOrNullAsync(copy, span.StatusMessage, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(copy, span.Scope, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(span.Attributes, NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(span.ResourceAttributes, NpgsqlDbType.Jsonb, cancellationToken);
                await WriteOrNullAsync(copy, span.Events, NpgsqlDbType.Jsonb, cancellationToken);
            }
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task CopyLogsAsync(NpgsqlConnection connection, IReadOnlyList<TelemetryBatch> batches, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY logs (time, service, severity_number, severity_text, body, trace_id, span_id, scope, attributes) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var batch in batches)
        {
            foreach (var log in batch.Logs)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(log.Time, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(log.Service, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(log.SeverityNumber, NpgsqlDbType.Smallint, cancellationToken);
                await WriteOrNullAsync(copy, log.SeverityText, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(log.Body, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(copy, log.TraceId, NpgsqlDbType.Bytea, cancellationToken);
                await WriteOrNullAsync(copy, log.SpanId, NpgsqlDbType.Bytea, cancellationToken);
                await WriteOrNullAsync(copy, log.Scope, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(log.Attributes, NpgsqlDbType.Jsonb, cancellationToken);
            }
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task CopyPointsAsync(NpgsqlConnection connection, IReadOnlyList<TelemetryBatch> batches, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY metric_points (time, service, name, kind, attributes, value, count, sum, min, max, bucket_counts, explicit_bounds) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var batch in batches)
        {
            foreach (var point in batch.Points)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(point.Time, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(point.Service, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(point.Name, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(point.Kind, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(point.Attributes, NpgsqlDbType.Jsonb, cancellationToken);
                await WriteOrNullAsync(copy, point.Value, NpgsqlDbType.Double, cancellationToken);
                await WriteOrNullAsync(copy, point.Count, NpgsqlDbType.Bigint, cancellationToken);
                await WriteOrNullAsync(copy, point.Sum, NpgsqlDbType.Double, cancellationToken);
                await WriteOrNullAsync(copy, point.Min, NpgsqlDbType.Double, cancellationToken);
                await WriteOrNullAsync(copy, point.Max, NpgsqlDbType.Double, cancellationToken);
                await WriteOrNullAsync(copy, point.BucketCounts, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
                await WriteOrNullAsync(copy, point.ExplicitBounds, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            }
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task UpsertInstrumentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TelemetryBatch> batches, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<(string, string), MetricInstrumentRow>();
        foreach (var batch in batches)
        {
            foreach (var instrument in batch.Instruments)
            {
                latest[(instrument.Service, instrument.Name)] = instrument;
            }
        }
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO metric_instruments (service, name, kind, unit, description, last_seen)
            SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::text[], $6::timestamptz[])
            ON CONFLICT (service, name) DO UPDATE SET kind = excluded.kind, unit = excluded.unit, description = excluded.description, last_seen = excluded.last_seen
            """, connection, transaction);
        var rows = latest.Values.OrderBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray();
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Service).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Kind).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Unit).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Description).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.LastSeen).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) where T : class =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) where T : struct =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value.Value, type, cancellationToken);
}
