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
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Materialization;

// Copies each entity's newest row in [start, end] from the offline table into Redis. The read is one
// DISTINCT ON scan that follows the (join keys, event_timestamp, created_timestamp) index backwards, so no sort;
// writes go out in pipelined batches, several in flight, each row newest-wins on the server. After each
// acknowledged batch the job's checkpoint (the last key written) is saved under its lease, so an attempt that
// replaces a dead one continues after that key; rewriting a row is harmless because writes are newest-wins.
// A transient Redis or PostgreSQL failure (TransientStoreFailure) does not fail the job: the same attempt, still
// holding its lease, waits with backoff and continues after the last acknowledged batch, up to TransientRetries
// failures in a row.
public sealed partial class Materializer(NpgsqlDataSource dataSource, DefinitionStore definitions, MaterializationStore jobs, MaterializationLeases leases,
    OnlineStoreWriter online, FreshnessTracker freshness, ServiceInstrumentation instrumentation, IOptions<MaterializationOptions> options, ILogger<Materializer> logger)
{
    private readonly Counter<long> _rowsWritten = instrumentation.Meter.CreateCounter<long>(
        "reference.feature_store.materialized_rows", unit: "{row}", description: "Rows read from the offline store and sent to the online store.");

    public async Task RunAsync(MaterializationLease lease, CancellationToken cancellationToken)
    {
        var job = lease.Job;
        var clock = Stopwatch.StartNew();
        var resumed = lease.Checkpoint;
        long done = resumed?.Rows ?? 0;
        long doneThisAttempt = 0;
        var lastReport = clock.Elapsed;
        var failures = 0;
        double Rate() => doneThisAttempt / Math.Max(clock.Elapsed.TotalSeconds, 1e-6);

        // Runs a step again after a transient failure, waiting longer each time; progress resets the count.
        async Task<T> RetryingAsync<T>(string view, Func<Task<T>> step)
        {
            while (true)
            {
                try
                {
                    return await step();
                }
                catch (Exception ex) when (TransientStoreFailure.Is(ex) && failures < options.Value.TransientRetries && !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    var delay = TransientStoreFailure.Backoff(failures, options.Value);
                    LogTransientFailure(logger, job.Id, view, failures, options.Value.TransientRetries, delay.TotalSeconds, ex.Message);
                    await Task.Delay(delay, cancellationToken);
                }
            }
        }

        try
        {
            for (var index = resumed?.View ?? 0; index < job.Views.Length; index++)
            {
                var name = job.Views[index];
                var definition = await RetryingAsync(name, () => definitions.GetViewAsync(name, cancellationToken))
                    ?? throw new InvalidOperationException($"Feature view '{name}' no longer exists.");
                var view = new FeatureView(definition);
                var continuing = resumed is not null && resumed.View == index ? resumed : null;
                DateTimeOffset? start;
                if (continuing is not null)
                {
                    start = continuing.Start;
                }
                else
                {
                    var (watermark, _) = await RetryingAsync(name, () => jobs.GetWatermarkAsync(name, cancellationToken));
                    start = job.Incremental ? watermark ?? (view.Ttl is { } ttl ? job.End - ttl : null) : job.Start;
                }
                var viewIndex = index;
                DateTime? newestSoFar = continuing?.Newest;
                // Where a retry continues: after the last batch Redis acknowledged.
                var after = continuing?.After;

                var newest = await RetryingAsync(name, () => MaterializeViewAsync(view, start, job.End, after, async (rows, lastKeys, newestWritten) =>
                {
                    done += rows;
                    doneThisAttempt += rows;
                    after = lastKeys;
                    failures = 0;
                    newestSoFar = Later(newestSoFar, newestWritten);
                    _rowsWritten.Add(rows, new KeyValuePair<string, object?>("feature_view", name));
                    if (clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(500))
                    {
                        lastReport = clock.Elapsed;
                        if (!await leases.CheckpointAsync(lease, new MaterializationCheckpoint(viewIndex, start, lastKeys, done, newestSoFar), Rate(), cancellationToken))
                        {
                            throw new LeaseLostException();
                        }
                    }
                }, cancellationToken));

                newest = Later(newest, newestSoFar);
                var next = new MaterializationCheckpoint(index + 1, null, null, done, null);
                if (!await RetryingAsync(name, () => leases.CompleteViewAsync(lease, name, job.End, newest, next, Rate(), cancellationToken)))
                {
                    throw new LeaseLostException();
                }
                if (newest is { } n)
                {
                    freshness.Observe(name, n);
                }
            }
            await RetryingAsync("", () => leases.FinishAsync(lease, MaterializationStates.Succeeded, done, Rate(), null, CancellationToken.None));
        }
        catch (LeaseLostException)
        {
            // Another replica holds the job now and resumes it from the last checkpoint this attempt saved.
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = failures > 0 ? $"{ex.Message} (still failing after {failures} retries of transient Redis/PostgreSQL failures)" : ex.Message;
            await leases.FinishAsync(lease, MaterializationStates.Failed, done, Rate(), error, CancellationToken.None);
        }
    }

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    // Returns the newest event timestamp written (null when the range held no rows).
    // after: resume below these join keys (the scan runs in descending key order); progress gets each acknowledged
    // batch's row count, its last keys and the newest event it held.
    public async Task<DateTime?> MaterializeViewAsync(FeatureView view, DateTimeOffset? start, DateTimeOffset end, string[]? after,
        Func<int, string[], DateTime?, Task> progress, CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, options.Value.BatchSize);
        var batchesInFlight = Math.Max(1, options.Value.BatchesInFlight);
        var keys = string.Join(", ", view.JoinKeys.Select(DefinitionNames.Quote));
        var keysDescending = string.Join(", ", view.JoinKeys.Select(k => DefinitionNames.Quote(k) + " DESC"));
        var features = string.Concat(view.Features.Select(f => ", " + DefinitionNames.Quote(f.Name)));
        // A row comparison on the index columns: the backward index scan starts right below the checkpoint.
        var resume = after is { Length: > 0 } && after.Length == view.JoinKeys.Length
            ? $" AND ({keys}) < ({string.Join(", ", view.JoinKeys.Select((_, i) => $"$3[{i + 1}]"))})"
            : "";
        var sql = $"""
            SELECT DISTINCT ON ({keys}) {keys}, event_timestamp, created_timestamp{features}
            FROM {DefinitionNames.Quote(view.OfflineTable)}
            WHERE event_timestamp <= $1 AND ($2::timestamptz IS NULL OR event_timestamp >= $2){resume}
            ORDER BY {keysDescending}, event_timestamp DESC, created_timestamp DESC
            """;

        var featureNames = view.Features.Select(f => f.Name).ToArray();
        var keyCount = view.JoinKeys.Length;
        var keyValues = new string[keyCount];
        var buffer = new ArrayBufferWriter<byte>(64);
        var inFlight = new Queue<(Task<int> Write, int Rows, string[] LastKeys, DateTime? Newest)>();
        var batch = new List<OnlineRow>(batchSize);
        DateTime? newest = null;
        DateTime? batchNewest = null;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new() { Value = end, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = (object?)start ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        if (resume.Length > 0)
        {
            command.Parameters.Add(new() { Value = after!, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }
        try
        {
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
                    if (batchNewest is null || eventTime > batchNewest)
                    {
                        batchNewest = eventTime;
                    }
                    var values = new byte[view.Features.Length][];
                    for (var f = 0; f < values.Length; f++)
                    {
                        buffer.ResetWrittenCount();
                        JsonLiteral.Write(buffer, reader, keyCount + 2 + f, view.Features[f].Type);
                        values[f] = buffer.WrittenSpan.ToArray();
                    }
                    batch.Add(new OnlineRow(OnlineStoreLayout.Key(view.Name, keyValues), OnlineStoreWriter.Microseconds(eventTime), OnlineStoreWriter.Microseconds(created), values));

                    if (batch.Count == batchSize)
                    {
                        inFlight.Enqueue((online.WriteAsync(featureNames, view.Ttl, batch), batch.Count, (string[])keyValues.Clone(), batchNewest));
                        batch = new List<OnlineRow>(batchSize);
                        batchNewest = null;
                        if (inFlight.Count >= batchesInFlight)
                        {
                            var (write, rows, lastKeys, written) = inFlight.Dequeue();
                            await write;
                            await progress(rows, lastKeys, written);
                        }
                    }
                }
            }

            if (batch.Count > 0)
            {
                inFlight.Enqueue((online.WriteAsync(featureNames, view.Ttl, batch), batch.Count, (string[])keyValues.Clone(), batchNewest));
            }
            while (inFlight.Count > 0)
            {
                var (write, rows, lastKeys, written) = inFlight.Dequeue();
                await write;
                await progress(rows, lastKeys, written);
            }
        }
        finally
        {
            // After a failure the batches still in flight are abandoned (the caller retries from the last acknowledged
            // one): observe their outcome so that their errors are not left unobserved.
            foreach (var abandoned in inFlight)
            {
                _ = abandoned.Write.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
        return newest;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Materialization {Id} ({View}): transient failure {Failure} of at most {Limit} in a row; continuing after the last acknowledged batch in {Seconds} s: {Reason}")]
    private static partial void LogTransientFailure(ILogger logger, Guid id, string view, int failure, int limit, double seconds, string reason);
}
