using Microsoft.Extensions.Options;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.Queue;
using Reference.TrainingRunner.UseCases;
using Reference.TrainingRunner.Workers;

namespace Reference.TrainingRunner.RunOnce;

// The process's exit code in run-once mode, for the Kubernetes Job that runs it.
public static class RunOnceExitCodes
{
    public const int Succeeded = 0;
    public const int JobFailed = 1;
    public const int Misconfigured = 2;
    public const int Interrupted = 3;
}

// Run-once mode (Training:Job:RunOnce with Training:Job:UseCase), as the published Kubernetes Job runs the image:
// announce this process as a pool (Training:Worker:Pool, else "<use case>-training"), submit the use case's training
// job idempotently, work it to its end here (retries included), then stop the host with exit code 0 when the job
// succeeded and non-zero otherwise. If another process holds the job's lease, this one waits for the job's end.
public sealed class RunOnceJob(
    IOptions<TrainingOptions> options, UseCaseCatalog useCases, RunOnceSubmission submission, PoolDirectory directory, JobQueue queue, JobStore store,
    AttemptRunner attempts, IHostApplicationLifetime lifetime, ILogger<RunOnceJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int code;
        try
        {
            // Stopping the host while it is still starting would fail the start (an unhandled exception, not our exit code).
            await StartedAsync(stoppingToken);
            code = await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Run-once training stopped before its job ended; the job is queued again for the next attempt");
            code = RunOnceExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run-once training failed");
            code = RunOnceExitCodes.JobFailed;
        }
        Environment.ExitCode = code;
        lifetime.StopApplication();
    }

    private async Task StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private async Task<int> RunAsync(CancellationToken stoppingToken)
    {
        var useCase = options.Value.Job?.UseCase;
        var spec = string.IsNullOrWhiteSpace(useCase) ? null : useCases.Find(useCase);
        if (spec?.Training is null)
        {
            logger.LogError("Run-once mode needs Training:Job:UseCase naming a use case with a training section; it is '{UseCase}' and the known use cases are {Known}",
                useCase, string.Join(", ", useCases.All.Where(s => s.Training is not null).Select(s => s.Name)));
            return RunOnceExitCodes.Misconfigured;
        }
        var configured = options.Value.Worker;
        var pool = new WorkerPoolOptions
        {
            Pool = configured?.Pool is { Length: > 0 } name ? name : $"{spec.Name}-training",
            Slots = 1,
            Labels = configured?.Labels ?? new(StringComparer.Ordinal),
        };
        var worker = $"{pool.Pool}/{Environment.MachineName}/{Environment.ProcessId}";
        await directory.AnnounceAsync(worker, pool, stoppingToken);
        using var announcing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var announceLoop = AnnounceLoopAsync(worker, pool, announcing.Token);
        try
        {
            var ticket = await submission.SubmitAsync(spec, pool, options.Value.Job!.RunId, stoppingToken);
            if (ticket.JobId is not { } id)
            {
                logger.LogError("The training job of use case {UseCase} was refused: {Refusal}", spec.Name, ticket.Refusal);
                return RunOnceExitCodes.JobFailed;
            }
            logger.LogInformation("Run-once: {Action} job {JobId} of use case {UseCase} on pool {Pool}", ticket.Attached ? "attached to" : "submitted", id, spec.Name, pool.Pool);
            return await WorkAsync(id, $"{worker}/run-once", pool, stoppingToken);
        }
        finally
        {
            await announcing.CancelAsync();
            await announceLoop;
            await directory.RetireAsync(worker, CancellationToken.None);
        }
    }

    // Leases the job whenever it is available (first attempt, retry after a backoff, or a lease another process lost)
    // and runs the attempt; between attempts, watches the job until it ends.
    private async Task<int> WorkAsync(Guid id, string owner, WorkerPoolOptions pool, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (true)
        {
            if (await queue.TryLeaseAsync(owner, pool, stoppingToken, onlyJob: id) is { } lease)
            {
                await attempts.RunAsync(lease, stoppingToken);
                continue;
            }
            var job = await store.GetAsync(id, stoppingToken) ?? throw new InvalidOperationException($"Job {id} disappeared from the queue.");
            if (JobStates.IsFinal(job.State))
            {
                if (job.State == JobStates.Succeeded)
                {
                    logger.LogInformation("Job {JobId} succeeded: {Model} v{Version}", id, job.Model, job.Result?.Version);
                    return RunOnceExitCodes.Succeeded;
                }
                logger.LogError("Job {JobId} ended {State} after {Attempts} attempt(s): {Error}", id, job.State, job.Attempts, job.Error);
                return RunOnceExitCodes.JobFailed;
            }
            await timer.WaitForNextTickAsync(stoppingToken);
        }
    }

    private async Task AnnounceLoopAsync(string worker, WorkerPoolOptions pool, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        while (await PoolWorker.WaitAsync(timer, cancellationToken))
        {
            try
            {
                await directory.AnnounceAsync(worker, pool, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not announce run-once worker {Worker}", worker);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
