using Microsoft.Extensions.Options;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.UseCases;

namespace Reference.TrainingRunner.Triggers;

// Runs each use case's training on its `schedule:` (e.g. 24h). The next due time lives in PostgreSQL and is
// claimed with FOR UPDATE SKIP LOCKED, so several API replicas start each scheduled job once.
public sealed class TrainingSchedules(NpgsqlDataSource dataSource, UseCaseCatalog useCases, JobAdmission admission, JobSubmitter submitter,
    ServiceTokenIssuer service, IOptions<TrainingOptions> options, TimeProvider time, ILogger<TrainingSchedules> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollInterval.TotalSeconds * 10)));
        do
        {
            foreach (var spec in useCases.All)
            {
                if (spec.Training is not { } training || !DurationText.TryParse(training.Schedule, out var every))
                {
                    continue;
                }
                try
                {
                    await RunIfDueAsync(spec, every, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Scheduled training of {UseCase} could not start", spec.Name);
                }
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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

    private async Task RunIfDueAsync(UseCaseSpec spec, TimeSpan every, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var seed = new NpgsqlCommand("INSERT INTO training_schedules (use_case, next_run_at) VALUES ($1, now() + $2) ON CONFLICT DO NOTHING", connection))
        {
            seed.Parameters.Add(new() { Value = spec.Name! });
            seed.Parameters.Add(new() { Value = every });
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var due = new NpgsqlCommand("SELECT 1 FROM training_schedules WHERE use_case = $1 AND next_run_at <= now() FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            due.Parameters.Add(new() { Value = spec.Name! });
            if (await due.ExecuteScalarAsync(cancellationToken) is null)
            {
                return;
            }
        }
        var caller = ServicePrincipal.For(service.ServiceName);
        var (job, problem) = await admission.AdmitAsync(UseCaseCatalog.ToJobRequest(spec, time.GetUtcNow()), caller, cancellationToken);
        Guid? id = null;
        if (job is not null)
        {
            id = await submitter.EnqueueAsync(connection, transaction, job, "schedule", caller, cancellationToken);
        }
        else
        {
            logger.LogWarning("Scheduled training of {UseCase} was refused: {Problem}", spec.Name, problem);
        }
        await using (var next = new NpgsqlCommand("UPDATE training_schedules SET next_run_at = now() + $2, last_job_id = coalesce($3, last_job_id) WHERE use_case = $1", connection, transaction))
        {
            next.Parameters.Add(new() { Value = spec.Name! });
            next.Parameters.Add(new() { Value = every });
            next.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            await next.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
