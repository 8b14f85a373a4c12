using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.Workers;

namespace Reference.TrainingRunner.Queue;

// The worker side of the durable queue: lease (FOR UPDATE SKIP LOCKED), heartbeat, progress, and the end of an
// attempt. Every write after the lease is guarded by (owner, attempt), so a worker that lost its lease cannot
// overwrite the attempt that replaced it.
public sealed class JobQueue(NpgsqlDataSource dataSource, PoolDirectory pools, AuditLog audit, IOptions<TrainingOptions> options, ILogger<JobQueue> logger)
{
    private TrainingOptions Options => options.Value;

    // onlyJob: lease that job or nothing (a run-once process works the job it submitted).
    public async Task<JobLease?> TryLeaseAsync(string owner, WorkerPoolOptions pool, CancellationToken cancellationToken, Guid? onlyJob = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = await NowAsync(connection, transaction, cancellationToken);
        var candidates = new List<Candidate>();
        await using (var select = new NpgsqlCommand("""
            SELECT id, state, attempts, max_attempts, pool_order, classification, residency, requires_gpu, available_at, lease_expires,
                   cancel_requested, request->'placement'->>'pool'
            FROM training_jobs
            WHERE ((state = 'Queued' AND available_at <= now()) OR (state = 'Running' AND lease_expires < now())) AND ($1::uuid IS NULL OR id = $1)
            ORDER BY created_at
            LIMIT 32
            FOR UPDATE SKIP LOCKED
            """, connection, transaction) { Parameters = { new() { Value = (object?)onlyJob ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid } } })
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(new Candidate(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<string[]>(4),
                    DataClassificationNames.Parse(reader.GetString(5)), reader.GetString(6), reader.GetBoolean(7), reader.GetFieldValue<DateTimeOffset>(8),
                    reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.GetBoolean(10), reader.IsDBNull(11) ? null : reader.GetString(11)));
            }
        }

        IReadOnlyList<WorkerPool>? live = null;
        foreach (var job in candidates)
        {
            var waitingSince = job.AvailableAt;
            if (job.State == JobStates.Running)
            {
                // The worker stopped heartbeating: the attempt is lost. Cancelled or out of attempts ends the job.
                if (job.CancelRequested)
                {
                    await FinishLostAsync(connection, transaction, job.Id, JobStates.Cancelled, "Cancelled while its worker was gone.", cancellationToken);
                    continue;
                }
                if (job.Attempts >= job.MaxAttempts)
                {
                    await FinishLostAsync(connection, transaction, job.Id, JobStates.Failed,
                        $"Attempt {job.Attempts} of {job.MaxAttempts} lost its worker (no heartbeat since {job.LeaseExpires:O}); no attempts are left.", cancellationToken);
                    continue;
                }
                waitingSince = job.LeaseExpires!.Value + RetryBackoff.After(job.Attempts, Options.RetryBackoff);
                if (waitingSince > now)
                {
                    continue;
                }
            }
            live ??= await pools.ListAsync(connection, transaction, cancellationToken);
            var facts = new QueuedJobFacts(job.Id, job.RequestedPool, job.PoolOrder, job.Classification, job.Residency, job.RequiresGpu, waitingSince);
            if (BurstPolicy.Decide(facts, pool.Pool!, live, Options.BurstWait, now) is not { } decision)
            {
                continue;
            }

            var placement = JsonSerializer.Serialize(decision, TrainingJsonContext.Default.JobPlacementDecision);
            await using var update = new NpgsqlCommand("""
                UPDATE training_jobs SET state = 'Running', attempts = attempts + 1, lease_owner = $2, lease_expires = now() + $3, pool = $4,
                       placement = $5::jsonb, stage = NULL, percent = 0, started_at = coalesce(started_at, now()), updated_at = now()
                WHERE id = $1
                RETURNING attempts, max_attempts, submitted_by, submitted_role, request::text, created_at
                """, connection, transaction);
            update.Parameters.Add(new() { Value = job.Id });
            update.Parameters.Add(new() { Value = owner });
            update.Parameters.Add(new() { Value = Options.LeaseDuration });
            update.Parameters.Add(new() { Value = pool.Pool! });
            update.Parameters.Add(new() { Value = placement });
            JobLease lease;
            await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                lease = new JobLease(job.Id, owner, reader.GetInt32(0), reader.GetInt32(1), pool.Pool!, reader.GetString(2), reader.GetString(3),
                    JsonSerializer.Deserialize(reader.GetString(4), TrainingJsonContext.Default.JobRequest)!, reader.GetFieldValue<DateTimeOffset>(5));
            }
            await JobStore.AppendEventAsync(connection, transaction, job.Id, "state",
                new Dictionary<string, object> { ["state"] = JobStates.Running, ["attempt"] = lease.Attempt, ["pool"] = pool.Pool!, ["worker"] = owner }, cancellationToken);
            await JobStore.AppendEventAsync(connection, transaction, job.Id, "placement", decision, cancellationToken);
            await audit.AppendAsync(connection, transaction, new AuditEntry(owner, "job.lease", Entity(job.Id), null, placement), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Leased job {JobId} attempt {Attempt} on {Pool}: {Reason}", job.Id, lease.Attempt, pool.Pool, decision.Reason);
            return lease;
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    // Extends the lease. Returns whether the job should stop (cancel requested), or null when the lease was lost.
    public async Task<bool?> HeartbeatAsync(JobLease lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE training_jobs SET lease_expires = now() + $3, updated_at = now()
            WHERE id = $1 AND lease_owner = $2 AND attempts = $4 AND state = 'Running'
            RETURNING cancel_requested
            """);
        command.Parameters.Add(new() { Value = lease.JobId });
        command.Parameters.Add(new() { Value = lease.Owner });
        command.Parameters.Add(new() { Value = Options.LeaseDuration });
        command.Parameters.Add(new() { Value = lease.Attempt });
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is bool cancel ? cancel : null;
    }

    public async Task ReportAsync(JobLease lease, string stage, double percent, bool stageChanged, object? detail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE training_jobs SET stage = $3, percent = $4, updated_at = now()
            WHERE id = $1 AND lease_owner = $2 AND attempts = $5 AND state = 'Running'
            """, connection, transaction);
        command.Parameters.Add(new() { Value = lease.JobId });
        command.Parameters.Add(new() { Value = lease.Owner });
        command.Parameters.Add(new() { Value = stage });
        command.Parameters.Add(new() { Value = Math.Round(percent, 1) });
        command.Parameters.Add(new() { Value = lease.Attempt });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return;
        }
        var data = new Dictionary<string, object> { ["stage"] = stage, ["percent"] = Math.Round(percent, 1), ["attempt"] = lease.Attempt };
        if (detail is not null)
        {
            data["detail"] = detail;
        }
        await JobStore.AppendEventAsync(connection, transaction, lease.JobId, stageChanged ? "stage" : "progress", data, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<bool> SucceedAsync(JobLease lease, JobOutcome outcome, CancellationToken cancellationToken) =>
        FinishAsync(lease, JobStates.Succeeded, null, JsonSerializer.Serialize(outcome, TrainingJsonContext.Default.JobOutcome), null, cancellationToken);

    public Task<bool> CancelledAsync(JobLease lease, CancellationToken cancellationToken) =>
        FinishAsync(lease, JobStates.Cancelled, "Cancelled on request.", null, null, cancellationToken);

    // A failed attempt: queued again after a backoff while attempts remain and the error may pass, else Failed.
    public Task<bool> FailAsync(JobLease lease, string error, bool retryable, CancellationToken cancellationToken) =>
        retryable && lease.Attempt < lease.MaxAttempts
            ? FinishAsync(lease, JobStates.Queued, error, null, RetryBackoff.After(lease.Attempt, Options.RetryBackoff), cancellationToken)
            : FinishAsync(lease, JobStates.Failed, error, null, null, cancellationToken);

    private async Task<bool> FinishAsync(JobLease lease, string state, string? error, string? result, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE training_jobs SET state = $3, error = $4, result = $5::jsonb, lease_owner = NULL, lease_expires = NULL,
                   available_at = CASE WHEN $6::interval IS NULL THEN available_at ELSE now() + $6::interval END,
                   percent = CASE WHEN $3 = 'Succeeded' THEN 100 ELSE percent END,
                   finished_at = CASE WHEN $3 = 'Queued' THEN NULL ELSE now() END, updated_at = now()
            WHERE id = $1 AND lease_owner = $2 AND attempts = $7 AND state = 'Running'
            """, connection, transaction);
        command.Parameters.Add(new() { Value = lease.JobId });
        command.Parameters.Add(new() { Value = lease.Owner });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)result ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)retryAfter ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval });
        command.Parameters.Add(new() { Value = lease.Attempt });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }
        var data = new Dictionary<string, object> { ["state"] = state, ["attempt"] = lease.Attempt };
        if (error is not null)
        {
            data["error"] = error;
        }
        if (retryAfter is { } delay)
        {
            data["retryInSeconds"] = delay.TotalSeconds;
        }
        await JobStore.AppendEventAsync(connection, transaction, lease.JobId, "state", data, cancellationToken);
        await audit.AppendAsync(connection, transaction, new AuditEntry(lease.Owner, $"job.{state.ToLowerInvariant()}", Entity(lease.JobId), null,
            JsonSerializer.Serialize(data, JobStore.EventJson)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task FinishLostAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string state, string error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE training_jobs SET state = $2, error = $3, lease_owner = NULL, lease_expires = NULL, finished_at = now(), updated_at = now() WHERE id = $1
            """, connection, transaction);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = error });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await JobStore.AppendEventAsync(connection, transaction, id, "state", new Dictionary<string, object> { ["state"] = state, ["error"] = error }, cancellationToken);
        await audit.AppendAsync(connection, transaction, new AuditEntry("training-queue", $"job.{state.ToLowerInvariant()}", Entity(id), null, error), cancellationToken);
    }

    private static async Task<DateTimeOffset> NowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT now()", connection, transaction);
        return new DateTimeOffset(DateTime.SpecifyKind((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!, DateTimeKind.Utc));
    }

    public static string Entity(Guid id) => $"job:{id}";

    private sealed record Candidate(
        Guid Id, string State, int Attempts, int MaxAttempts, string[] PoolOrder, DataClassification Classification, string Residency, bool RequiresGpu,
        DateTimeOffset AvailableAt, DateTimeOffset? LeaseExpires, bool CancelRequested, string? RequestedPool);
}
