using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Reference.TrainingRunner.Infrastructure;

namespace Reference.TrainingRunner.Workers;

// Live pools from the workers' announcements (training_workers), with how many of their slots are busy.
public sealed class PoolDirectory(NpgsqlDataSource dataSource, IOptions<TrainingOptions> options)
{
    // A worker that has not announced itself for three heartbeats is gone.
    private TimeSpan Liveness => options.Value.HeartbeatInterval * 3;

    public async Task AnnounceAsync(string worker, WorkerPoolOptions pool, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO training_workers (worker, pool, labels, slots, last_seen) VALUES ($1, $2, $3::jsonb, $4, now())
            ON CONFLICT (worker) DO UPDATE SET pool = excluded.pool, labels = excluded.labels, slots = excluded.slots, last_seen = now()
            """);
        command.Parameters.Add(new() { Value = worker });
        command.Parameters.Add(new() { Value = pool.Pool! });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(pool.Labels) });
        command.Parameters.Add(new() { Value = pool.Slots });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RetireAsync(string worker, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM training_workers WHERE worker = $1");
        command.Parameters.Add(new() { Value = worker });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkerPool>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ListAsync(connection, null, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkerPool>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT w.pool, (array_agg(w.labels::text ORDER BY w.last_seen DESC))[1], sum(w.slots)::int, count(*)::int,
                   (SELECT count(*)::int FROM training_jobs j WHERE j.state = 'Running' AND j.pool = w.pool AND j.lease_expires >= now())
            FROM training_workers w
            WHERE w.last_seen >= now() - $1
            GROUP BY w.pool
            """, connection, transaction);
        command.Parameters.Add(new() { Value = Liveness });
        var pools = new List<WorkerPool>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1)) ?? [];
            pools.Add(new WorkerPool(reader.GetString(0), labels, reader.GetInt32(2), reader.GetInt32(4), reader.GetInt32(3)));
        }
        return pools;
    }
}
