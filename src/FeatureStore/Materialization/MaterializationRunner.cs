using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.FeatureStore.Materialization;

// Runs materializations one at a time per replica: leases the oldest queued (or abandoned) job, heartbeats while the
// materializer works, and stops the work as soon as the lease is known lost.
public sealed partial class MaterializationRunner(MaterializationLeases leases, Materializer materializer, MaterializationQueue queue,
    IOptions<MaterializationOptions> options, IConfiguration configuration, TimeProvider time, ILogger<MaterializationRunner> logger)
    : BackgroundService
{
    // Who holds a lease: the replica's service.instance.id (feature-store-0 …) and its process, so a restarted
    // replica is a new owner and cannot write with its predecessor's lease.
    public string Owner { get; } = $"{InstanceId(configuration)}/{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var lease = await leases.TryLeaseAsync(Owner, stoppingToken);
                if (lease is null)
                {
                    await queue.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }
                LogStarting(logger, lease.Job.Id, lease.Attempt, lease.Checkpoint is null ? "the start" : $"row {lease.Checkpoint.Rows}", string.Join(", ", lease.Job.Views));
                await RunLeasedAsync(lease, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting: try again shortly.
                LogPollFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task RunLeasedAsync(MaterializationLease lease, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(lease, run);
        try
        {
            await materializer.RunAsync(lease, run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            LogLeaseLost(logger, lease.Job.Id, lease.Attempt);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand the job over now rather than after the lease runs out.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await leases.ReleaseAsync(lease, timeout.Token);
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
            {
                LogHeartbeatFailed(logger, ex, lease.Job.Id);
            }
            throw;
        }
        finally
        {
            await run.CancelAsync();
            await heartbeat;
        }
    }

    // Extends the lease every third of its duration; cancels the run when it was lost or could not be renewed
    // before it expired (another replica may have taken the job over by then).
    private async Task HeartbeatAsync(MaterializationLease lease, CancellationTokenSource run)
    {
        var duration = options.Value.LeaseDuration;
        var renewedAt = time.GetUtcNow();
        using var timer = new PeriodicTimer(duration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(run.Token))
            {
                try
                {
                    if (!await leases.HeartbeatAsync(lease, run.Token))
                    {
                        await run.CancelAsync();
                        return;
                    }
                    renewedAt = time.GetUtcNow();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogHeartbeatFailed(logger, ex, lease.Job.Id);
                    if (time.GetUtcNow() - renewedAt >= duration)
                    {
                        await run.CancelAsync();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private static string InstanceId(IConfiguration configuration)
    {
        var attributes = configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "";
        foreach (var pair in attributes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (pair.StartsWith("service.instance.id=", StringComparison.Ordinal))
            {
                return pair["service.instance.id=".Length..];
            }
        }
        return Environment.MachineName;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Materialization {Id} attempt {Attempt} started at {From} for {Views}")]
    private static partial void LogStarting(ILogger logger, Guid id, int attempt, string from, string views);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Materialization {Id} attempt {Attempt} lost its lease; stopped")]
    private static partial void LogLeaseLost(ILogger logger, Guid id, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of materialization {Id} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, Guid id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Materialization queue poll failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
