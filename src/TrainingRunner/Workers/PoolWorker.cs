using Microsoft.Extensions.Options;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Queue;

namespace Reference.TrainingRunner.Workers;

// This process's share of a worker pool: announces the pool (labels, slots), then runs one loop per slot that
// leases a job, runs it with heartbeats and progress reports, and ends the attempt. Killing the process stops the
// heartbeats; the lease expires and another worker takes the job.
public sealed class PoolWorker(
    IOptions<TrainingOptions> options, PoolDirectory directory, JobQueue queue, AttemptRunner attempts, ILogger<PoolWorker> logger) : BackgroundService
{
    private readonly string workerId = $"{options.Value.Worker!.Pool}/{Environment.MachineName}/{Environment.ProcessId}";

    private TrainingOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pool = Options.Worker!;
        await directory.AnnounceAsync(workerId, pool, stoppingToken);
        logger.LogInformation("Worker {Worker} serves pool {Pool} with {Slots} slot(s), labels {Labels}", workerId, pool.Pool, pool.Slots, string.Join(",", pool.Labels.Select(l => $"{l.Key}={l.Value}")));
        var loops = Enumerable.Range(0, pool.Slots).Select(slot => RunSlotAsync(slot, pool, stoppingToken)).ToList();
        loops.Add(AnnounceLoopAsync(pool, stoppingToken));
        try
        {
            await Task.WhenAll(loops);
        }
        finally
        {
            await directory.RetireAsync(workerId, CancellationToken.None);
        }
    }

    private async Task AnnounceLoopAsync(WorkerPoolOptions pool, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.HeartbeatInterval);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await directory.AnnounceAsync(workerId, pool, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not announce worker {Worker}", workerId);
            }
        }
    }

    private async Task RunSlotAsync(int slot, WorkerPoolOptions pool, CancellationToken stoppingToken)
    {
        var owner = $"{workerId}/{slot}";
        using var timer = new PeriodicTimer(Options.PollInterval);
        do
        {
            try
            {
                // Drain: after a job, look again at once.
                while (!stoppingToken.IsCancellationRequested && await queue.TryLeaseAsync(owner, pool, stoppingToken) is { } lease)
                {
                    await attempts.RunAsync(lease, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Slot {Owner} could not lease a job", owner);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    internal static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

}
