using Npgsql;

namespace Reference.ModelRegistry.Events;

// Listens on PostgreSQL's "registry_events" channel with one connection per replica and wakes every SSE
// subscriber of this replica when any replica commits an alias change. Subscribers read the events table
// themselves, so a missed notification only delays them until their next poll.
internal sealed partial class RegistryEventHub(NpgsqlDataSource dataSource, ILogger<RegistryEventHub> logger) : BackgroundService
{
    public const string Channel = "registry_events";

    private TaskCompletionSource changed = NewSignal();
    private long generation;
    private volatile bool listening;

    // Bumped by every notification (and by every reconnect): caches stamp entries with it.
    public long Generation => Interlocked.Read(ref generation);

    // Only while notifications arrive may a cache trust what it holds.
    public bool IsListening => listening;

    // Take before reading the table; if the read finds nothing, await it: a change in between is not lost.
    public Task NextChange => Volatile.Read(ref changed).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => Signal();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Changes committed while no connection was listening: let subscribers look.
                Signal();
                listening = true;
                delay = TimeSpan.FromMilliseconds(200);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                listening = false;
                return;
            }
            catch (Exception ex)
            {
                listening = false;
                LogListenFailed(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }
    }

    // This replica committed a change: retire cached answers now rather than when the notification comes back.
    public void Invalidate() => Interlocked.Increment(ref generation);

    private void Signal()
    {
        Interlocked.Increment(ref generation);
        Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for registry events failed; retrying in {DelaySeconds} s")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double delaySeconds);
}
