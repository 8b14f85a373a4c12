using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Offline;
using Reference.FeatureStore.Online;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Materialization;

// Copies each entity's newest row in [start, end] from the offline table into Redis. The read is one
// DISTINCT ON scan that follows the (join keys, event_timestamp, created_timestamp) index backwards, so no sort;
// writes go out in pipelined batches, several in flight, each row newest-wins on the server.
public sealed class Materializer(NpgsqlDataSource dataSource, DefinitionStore definitions, MaterializationStore jobs, OnlineStoreWriter online,
    FreshnessTracker freshness, ServiceInstrumentation instrumentation)
{
    private const int BatchSize = 2000;
    private const int BatchesInFlight = 4;

    private readonly Counter<long> _rowsWritten = instrumentation.Meter.CreateCounter<long>(
        "reference.feature_store.materialized_rows", unit: "{row}", description: "Rows read from the offline store and sent to the online store.");

    public async Task RunAsync(MaterializationStatus job, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long done = 0;
        var lastReport = clock.Elapsed;
        try
        {
            foreach (var name in job.Views)
            {
                var definition = await definitions.GetViewAsync(name, cancellationToken)
                    ?? throw new InvalidOperationException($"Feature view '{name}' no longer exists.");
                var view = new FeatureView(definition);
                var (watermark, _) = await jobs.GetWatermarkAsync(name, cancellationToken);
                var start = job.Incremental ? watermark ?? (view.Ttl is { } ttl ? job.End - ttl : null) : job.Start;

                var newest = await MaterializeViewAsync(view, start, job.End, async rows =>
                {
                    done += rows;
                    _rowsWritten.Add(rows, new KeyValuePair<string, object?>("feature_view", name));
                    if (clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(500))
                    {
                        lastReport = clock.Elapsed;
                        await jobs.ReportProgressAsync(job.Id, done, done / clock.Elapsed.TotalSeconds, cancellationToken);
                    }
                }, cancellationToken);

                await jobs.AdvanceAsync(name, job.End, newest, cancellationToken);
                if (newest is { } n)
                {
                    freshness.Observe(name, n);
                }
            }
            await jobs.FinishAsync(job.Id, MaterializationStates.Succeeded, done, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-6), null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await jobs.FinishAsync(job.Id, MaterializationStates.Failed, done, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-6), ex.Message, CancellationToken.None);
        }
    }

    // Returns the newest event timestamp written (null when the range held no rows).
    public async Task<DateTime?> MaterializeViewAsync(FeatureView view, DateTimeOffset? start, DateTimeOffset end, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        var keys = string.Join(", ", view.JoinKeys.Select(DefinitionNames.Quote));
        var keysDescending = string.Join(", ", view.JoinKeys.Select(k => DefinitionNames.Quote(k) + " DESC"));
        var features = string.Concat(view.Features.Select(f => ", " + DefinitionNames.Quote(f.Name)));
        var sql = $"""
            SELECT DISTINCT ON ({keys}) {keys}, event_timestamp, created_timestamp{features}
            FROM {DefinitionNames.Quote(view.OfflineTable)}
            WHERE event_timestamp <= $1 AND ($2::timestamptz IS NULL OR event_timestamp >= $2)
            ORDER BY {keysDescending}, event_timestamp DESC, created_timestamp DESC
            """;

        var featureNames = view.Features.Select(f => f.Name).ToArray();
        var keyCount = view.JoinKeys.Length;
        var keyValues = new string[keyCount];
        var buffer = new ArrayBufferWriter<byte>(64);
        var inFlight = new Queue<(Task<int> Write, int Rows)>();
        var batch = new List<OnlineRow>(BatchSize);
        DateTime? newest = null;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new() { Value = end, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = (object?)start ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                for (var k = 0; k < keyCount; k++)
                {
                    keyValues[k] = reader.GetString(k);
                }
                var eventTime = reader.GetFieldValue<DateTime>(keyCount);
                var created = reader.GetFieldValue<DateTime>(keyCount + 1);
                if (newest is null || eventTime > newest)
                {
                    newest = eventTime;
                }
                var values = new byte[view.Features.Length][];
                for (var f = 0; f < values.Length; f++)
                {
                    buffer.ResetWrittenCount();
                    JsonLiteral.Write(buffer, reader, keyCount + 2 + f, view.Features[f].Type);
                    values[f] = buffer.WrittenSpan.ToArray();
                }
                batch.Add(new OnlineRow(OnlineStoreLayout.Key(view.Name, keyValues), OnlineStoreWriter.Microseconds(eventTime), OnlineStoreWriter.Microseconds(created), values));

                if (batch.Count == BatchSize)
                {
                    inFlight.Enqueue((online.WriteAsync(featureNames, view.Ttl, batch), batch.Count));
                    batch = new List<OnlineRow>(BatchSize);
                    if (inFlight.Count >= BatchesInFlight)
                    {
                        var (write, rows) = inFlight.Dequeue();
                        await write;
                        await progress(rows);
                    }
                }
            }
        }

        if (batch.Count > 0)
        {
            inFlight.Enqueue((online.WriteAsync(featureNames, view.Ttl, batch), batch.Count));
        }
        while (inFlight.Count > 0)
        {
            var (write, rows) = inFlight.Dequeue();
            await write;
            await progress(rows);
        }
        return newest;
    }
}
