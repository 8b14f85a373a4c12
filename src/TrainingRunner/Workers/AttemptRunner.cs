using Microsoft.Extensions.Options;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Queue;
using Reference.TrainingRunner.Runs;

namespace Reference.TrainingRunner.Workers;

// Runs one leased attempt to its end: the training run, with heartbeats (which carry cancel requests and detect a lost
// lease) and progress reports beside it, then the attempt's outcome in the queue. Pool slots and run-once jobs share it.
public sealed class AttemptRunner(IOptions<TrainingOptions> options, JobQueue queue, IServiceProvider services, ILogger<AttemptRunner> logger)
{
    private TrainingOptions Options => options.Value;

    public async Task RunAsync(JobLease lease, CancellationToken stoppingToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new RunProgress();
        var stop = StopReason.None;
        var watcher = WatchAsync(lease, progress, attempt, reason => stop = reason, stoppingToken);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var run = scope.ServiceProvider.GetRequiredService<TrainingRun>();
            var outcome = await run.ExecuteAsync(lease, progress, attempt.Token);
            await attempt.CancelAsync();
            await watcher;
            await ReportAsync(lease, progress, 100, CancellationToken.None);
            await queue.SucceedAsync(lease, outcome, CancellationToken.None);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            await attempt.CancelAsync();
            await watcher;
            if (stop == StopReason.CancelRequested)
            {
                await queue.CancelledAsync(lease, CancellationToken.None);
            }
            else if (stop == StopReason.None && stoppingToken.IsCancellationRequested)
            {
                // Shutting down: give the job back now rather than after the lease expires.
                await queue.FailAsync(lease, "The worker shut down during the attempt.", retryable: true, CancellationToken.None);
            }
            // LeaseLost: another attempt owns the job now; write nothing.
        }
        catch (Exception ex)
        {
            await attempt.CancelAsync();
            await watcher;
            await ReportAsync(lease, progress, 100, CancellationToken.None);
            var retryable = ex is not TrainingDataException { Retryable: false } and not ArgumentException;
            logger.LogWarning(ex, "Job {JobId} attempt {Attempt} failed (retryable: {Retryable})", lease.JobId, lease.Attempt, retryable);
            await queue.FailAsync(lease, ex.Message, retryable, CancellationToken.None);
        }
    }

    // Heartbeats (which also carry cancel requests) and progress reports until the attempt ends.
    private async Task WatchAsync(JobLease lease, RunProgress progress, CancellationTokenSource attempt, Action<StopReason> stopped, CancellationToken stoppingToken)
    {
        var reportEvery = TimeSpan.FromMilliseconds(Math.Min(250, Options.HeartbeatInterval.TotalMilliseconds));
        var nextHeartbeat = DateTime.UtcNow + Options.HeartbeatInterval;
        var lastPercent = -1.0;
        using var timer = new PeriodicTimer(reportEvery);
        try
        {
            while (!attempt.IsCancellationRequested)
            {
                lastPercent = await ReportAsync(lease, progress, lastPercent, stoppingToken);
                if (DateTime.UtcNow >= nextHeartbeat)
                {
                    nextHeartbeat = DateTime.UtcNow + Options.HeartbeatInterval;
                    switch (await queue.HeartbeatAsync(lease, stoppingToken))
                    {
                        case null:
                            logger.LogWarning("Job {JobId} attempt {Attempt}: lease lost; stopping the attempt", lease.JobId, lease.Attempt);
                            stopped(StopReason.LeaseLost);
                            await attempt.CancelAsync();
                            return;
                        case true:
                            stopped(StopReason.CancelRequested);
                            await attempt.CancelAsync();
                            return;
                    }
                }
                await timer.WaitForNextTickAsync(attempt.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // A database hiccup: the lease runs on until it expires; the next tick tries again.
            logger.LogWarning(ex, "Job {JobId}: heartbeat or progress report failed", lease.JobId);
            if (!attempt.IsCancellationRequested)
            {
                await WatchAsync(lease, progress, attempt, stopped, stoppingToken);
            }
        }
    }

    // Every stage change since the last report, then the percent when it moved by a point or more.
    private async Task<double> ReportAsync(JobLease lease, RunProgress progress, double lastPercent, CancellationToken cancellationToken)
    {
        foreach (var (stage, percent, detail) in progress.TakeStageChanges())
        {
            await queue.ReportAsync(lease, stage, percent, stageChanged: true, detail, cancellationToken);
            lastPercent = percent;
        }
        var now = progress.Snapshot();
        if (now.Percent - lastPercent >= 1)
        {
            await queue.ReportAsync(lease, now.Stage, now.Percent, stageChanged: false, now.Detail, cancellationToken);
            lastPercent = now.Percent;
        }
        return lastPercent;
    }

    private enum StopReason { None, CancelRequested, LeaseLost }
}
