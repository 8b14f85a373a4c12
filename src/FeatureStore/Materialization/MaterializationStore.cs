using Npgsql;
using NpgsqlTypes;

namespace Reference.FeatureStore.Materialization;

// Jobs live in PostgreSQL so that any replica can report them; MaterializationLeases runs them.
public sealed class MaterializationStore(NpgsqlDataSource dataSource, Microsoft.Extensions.Options.IOptions<MaterializationOptions> options)
{
    internal const string Columns = "id, views, incremental, start_time, end_time, state, rows_done, rows_per_second, error, created_at, started_at, finished_at, attempts, lease_owner";

    public async Task<MaterializationStatus> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] views, bool incremental, DateTimeOffset? start, DateTimeOffset end, string actor, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO materializations (id, views, incremental, start_time, end_time, state, requested_by, max_attempts) VALUES ($1, $2, $3, $4, $5, '{MaterializationStates.Queued}', $6, $7) RETURNING {Columns}",
            connection, transaction)
        {
            Parameters =
            {
                new() { Value = Guid.CreateVersion7() }, new() { Value = views }, new() { Value = incremental },
                new() { Value = (object?)start ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz }, new() { Value = end, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = actor }, new() { Value = Math.Max(1, options.Value.MaxAttempts) },
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

    // Newest first (ids are UUIDv7, so they sort by creation); state filters when given.
    public async Task<Definitions.Page<MaterializationStatus>> ListAsync(string? state, int size, Guid? before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM materializations WHERE ($1::text IS NULL OR state = $1) AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3");
        command.Parameters.Add(new() { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = size + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<MaterializationStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }
        if (items.Count <= size)
        {
            return new Definitions.Page<MaterializationStatus>(items, null);
        }
        items.RemoveAt(items.Count - 1);
        return new Definitions.Page<MaterializationStatus>(items, Reference.ServiceDefaults.Persistence.PageToken.Encode(new MaterializationCursor(items[^1].Id)));
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

    internal static MaterializationStatus Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetFieldValue<string[]>(1), reader.GetBoolean(2),
        reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetString(5), reader.GetInt64(6), reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11), reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetString(13));
}
