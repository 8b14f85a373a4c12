using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Reference.FeatureStore.Serialization;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Materialization;

// The running side of materialization jobs: lease (FOR UPDATE SKIP LOCKED), heartbeat, checkpoint, finish.
// A job whose lease expired (its replica died) is leased again and resumes from its checkpoint; every write after
// the lease is guarded by (owner, attempt), and returns false when the lease has been lost.
public sealed class MaterializationLeases(NpgsqlDataSource dataSource, AuditLog audit, IOptions<MaterializationOptions> options)
{
    private MaterializationOptions Options => options.Value;

    public async Task<MaterializationLease?> TryLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var candidates = new List<(Guid Id, string State, int Attempts, int MaxAttempts, string? Owner)>();
        await using (var select = new NpgsqlCommand($"""
            SELECT id, state, attempts, max_attempts, lease_owner FROM materializations
            WHERE state = '{MaterializationStates.Queued}' OR (state = '{MaterializationStates.Running}' AND lease_expires < now())
            ORDER BY created_at
            LIMIT 16
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        foreach (var candidate in candidates)
        {
            var abandoned = candidate.State == MaterializationStates.Running;
            if (abandoned && candidate.Attempts >= candidate.MaxAttempts)
            {
                var error = $"Attempt {candidate.Attempts} of {candidate.MaxAttempts} lost its replica ({candidate.Owner}); no attempts are left. Request the materialization again.";
                await using var fail = new NpgsqlCommand(
                    $"UPDATE materializations SET state = '{MaterializationStates.Failed}', error = $2, lease_owner = NULL, lease_expires = NULL, finished_at = now() WHERE id = $1",
                    connection, transaction)
                { Parameters = { new() { Value = candidate.Id }, new() { Value = error } } };
                await fail.ExecuteNonQueryAsync(cancellationToken);
                await audit.AppendAsync(connection, transaction, new AuditEntry(owner, "materialization.failed", Entity(candidate.Id), null, error), cancellationToken);
                continue;
            }

            await using var update = new NpgsqlCommand($"""
                UPDATE materializations SET state = '{MaterializationStates.Running}', attempts = attempts + 1, lease_owner = $2, lease_expires = now() + $3,
                       started_at = coalesce(started_at, now())
                WHERE id = $1
                RETURNING {MaterializationStore.Columns}, checkpoint::text
                """, connection, transaction)
            { Parameters = { new() { Value = candidate.Id }, new() { Value = owner }, new() { Value = Options.LeaseDuration } } };
            MaterializationLease lease;
            await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                var job = MaterializationStore.Read(reader);
                var checkpoint = reader.IsDBNull(14) ? null : JsonSerializer.Deserialize(reader.GetString(14), FeatureStoreJsonContext.Default.MaterializationCheckpoint);
                lease = new MaterializationLease(job, owner, job.Attempts, checkpoint);
            }
            if (abandoned)
            {
                // Taking over from a replica that died is a change of who acts on the data: recorded.
                await audit.AppendAsync(connection, transaction, new AuditEntry(owner, "materialization.resumed", Entity(candidate.Id),
                    candidate.Owner, $$"""{"attempt":{{lease.Attempt}},"worker":{{JsonSerializer.Serialize(owner)}}}"""), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return lease;
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public async Task<bool> HeartbeatAsync(MaterializationLease lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE materializations SET lease_expires = now() + $3
            WHERE id = $1 AND lease_owner = $2 AND attempts = $4 AND state = '{MaterializationStates.Running}'
            """);
        command.Parameters.Add(new() { Value = lease.Job.Id });
        command.Parameters.Add(new() { Value = lease.Owner });
        command.Parameters.Add(new() { Value = Options.LeaseDuration });
        command.Parameters.Add(new() { Value = lease.Attempt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // On a graceful stop: the lease expires now, so another replica resumes the job at its next poll.
    public async Task ReleaseAsync(MaterializationLease lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE materializations SET lease_expires = now()
            WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND state = '{MaterializationStates.Running}'
            """);
        command.Parameters.Add(new() { Value = lease.Job.Id });
        command.Parameters.Add(new() { Value = lease.Owner });
        command.Parameters.Add(new() { Value = lease.Attempt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Progress and the point a resumed attempt would start from, in one fenced write.
    public async Task<bool> CheckpointAsync(MaterializationLease lease, MaterializationCheckpoint checkpoint, double rowsPerSecond, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CheckpointAsync(connection, null, lease, checkpoint, rowsPerSecond, cancellationToken);
    }

    // A view is done: its watermark and newest event advance only if this attempt still holds the lease.
    public async Task<bool> CompleteViewAsync(MaterializationLease lease, string view, DateTimeOffset watermark, DateTime? newestEvent,
        MaterializationCheckpoint next, double rowsPerSecond, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await CheckpointAsync(connection, transaction, lease, next, rowsPerSecond, cancellationToken))
        {
            return false;
        }
        // Watermarks only move forward; the newest event only grows.
        await using var command = new NpgsqlCommand("""
            UPDATE feature_views SET
                watermark = GREATEST(coalesce(watermark, $2), $2),
                newest_materialized = CASE WHEN $3::timestamptz IS NULL THEN newest_materialized ELSE GREATEST(coalesce(newest_materialized, $3), $3) END
            WHERE name = $1
            """, connection, transaction);
        command.Parameters.Add(new() { Value = view });
        command.Parameters.Add(new() { Value = watermark, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)newestEvent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> FinishAsync(MaterializationLease lease, string state, long rowsDone, double rowsPerSecond, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE materializations SET state = $3, rows_done = $4, rows_per_second = $5, error = $6, finished_at = now(), lease_expires = NULL
            WHERE id = $1 AND lease_owner = $2 AND attempts = $7 AND state = '{MaterializationStates.Running}'
            """, connection, transaction);
        command.Parameters.Add(new() { Value = lease.Job.Id });
        command.Parameters.Add(new() { Value = lease.Owner });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = rowsDone });
        command.Parameters.Add(new() { Value = rowsPerSecond });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = lease.Attempt });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }
        await audit.AppendAsync(connection, transaction, new AuditEntry(lease.Owner, $"materialization.{state}", Entity(lease.Job.Id), null,
            $$"""{"attempt":{{lease.Attempt}},"rowsDone":{{rowsDone}}}"""), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> CheckpointAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, MaterializationLease lease,
        MaterializationCheckpoint checkpoint, double rowsPerSecond, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE materializations SET checkpoint = $3::jsonb, rows_done = $4, rows_per_second = $5, lease_expires = now() + $6
            WHERE id = $1 AND lease_owner = $2 AND attempts = $7 AND state = '{MaterializationStates.Running}'
            """, connection, transaction);
        command.Parameters.Add(new() { Value = lease.Job.Id });
        command.Parameters.Add(new() { Value = lease.Owner });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(checkpoint, FeatureStoreJsonContext.Default.MaterializationCheckpoint) });
        command.Parameters.Add(new() { Value = checkpoint.Rows });
        command.Parameters.Add(new() { Value = rowsPerSecond });
        command.Parameters.Add(new() { Value = Options.LeaseDuration });
        command.Parameters.Add(new() { Value = lease.Attempt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public static string Entity(Guid id) => $"materialization:{id}";
}
