using Npgsql;
using NpgsqlTypes;

namespace Reference.FeatureStore.Materialization;

// Jobs live in PostgreSQL so that any replica can report them and pick queued ones up (SKIP LOCKED).
public sealed class MaterializationStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, views, incremental, start_time, end_time, state, rows_done, rows_per_second, error, created_at, started_at, finished_at";

    public async Task<MaterializationStatus> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] views, bool incremental, DateTimeOffset? start, DateTimeOffset end, string actor, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO materializations (id, views, incremental, start_time, end_time, state, requested_by) VALUES ($1, $2, $3, $4, $5, '{MaterializationStates.Queued}', $6) RETURNING {Columns}",
            connection, transaction)
        {
            Parameters =
            {
                new() { Value = Guid.CreateVersion7() }, new() { Value = views }, new() { Value = incremental },
                new() { Value = (object?)start ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz }, new() { Value = end, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = actor },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<MaterializationStatus?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM materializations WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    // Takes the oldest queued job, if any, and marks it running.
    public async Task<MaterializationStatus?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE materializations SET state = '{MaterializationStates.Running}', started_at = now()
            WHERE id = (SELECT id FROM materializations WHERE state = '{MaterializationStates.Queued}' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task ReportProgressAsync(Guid id, long rowsDone, double rowsPerSecond, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE materializations SET rows_done = $2, rows_per_second = $3 WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = rowsDone });
        command.Parameters.Add(new() { Value = rowsPerSecond });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task FinishAsync(Guid id, string state, long rowsDone, double rowsPerSecond, string? error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE materializations SET state = $2, rows_done = $3, rows_per_second = $4, error = $5, finished_at = now() WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = rowsDone });
        command.Parameters.Add(new() { Value = rowsPerSecond });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(DateTimeOffset? Watermark, DateTimeOffset? Newest)> GetWatermarkAsync(string view, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT watermark, newest_materialized FROM feature_views WHERE name = $1");
        command.Parameters.Add(new() { Value = view });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, null);
        }
        return (reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    // Watermarks only move forward; the newest event only grows.
    public async Task AdvanceAsync(string view, DateTimeOffset watermark, DateTime? newestEvent, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE feature_views SET
                watermark = GREATEST(coalesce(watermark, $2), $2),
                newest_materialized = CASE WHEN $3::timestamptz IS NULL THEN newest_materialized ELSE GREATEST(coalesce(newest_materialized, $3), $3) END
            WHERE name = $1
            """);
        command.Parameters.Add(new() { Value = view });
        command.Parameters.Add(new() { Value = watermark, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)newestEvent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, DateTime>> NewestMaterializedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, newest_materialized FROM feature_views WHERE newest_materialized IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetFieldValue<DateTime>(1);
        }
        return result;
    }

    private static MaterializationStatus Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetFieldValue<string[]>(1), reader.GetBoolean(2),
        reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetString(5), reader.GetInt64(6), reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
}
