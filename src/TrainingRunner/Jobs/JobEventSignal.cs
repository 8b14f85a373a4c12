using System.Collections.Concurrent;
using Npgsql;

namespace Reference.TrainingRunner.Jobs;

// LISTENs on the events channel and wakes the SSE streams of the job that changed; a timeout covers a missed
// notification (a dropped connection), so a stream never waits forever.
public sealed class JobEventSignal(NpgsqlDataSource dataSource, ILogger<JobEventSignal> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiters = new();

    public async Task WaitAsync(Guid jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id) && waiters.TryRemove(id, out var waiter))
                    {
                        waiter.TrySetResult();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {JobStore.EventChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for job events failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
