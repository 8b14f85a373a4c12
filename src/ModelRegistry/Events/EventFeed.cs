using Npgsql;
using NpgsqlTypes;
using Reference.ModelRegistry.Client;

namespace Reference.ModelRegistry.Events;

// Reads alias-change events after a given id, optionally for one model and one environment.
internal sealed class EventFeed(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<RegistryEvent>> ReadAfterAsync(long afterId, string? model, string? environment, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, kind, model, alias, version, previous_version, actor, at, environment FROM registry_events
            WHERE id > $1 AND ($2::text IS NULL OR model = $2) AND ($4::text IS NULL OR environment = $4) ORDER BY id LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)model ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)environment ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var events = new List<RegistryEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RegistryEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8)));
        }
        return events;
    }

    public async Task<long> LastIdAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT COALESCE(max(id), 0) FROM registry_events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
