using Npgsql;

namespace Reference.FeatureStore.Offline;

public sealed class EntitySetStore(NpgsqlDataSource dataSource)
{
    public async Task<EntitySet?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, columns, rows, created_at, created_by FROM entity_sets WHERE name = $1");
        command.Parameters.Add(new() { Value = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new EntitySet(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4))
            : null;
    }

    public async Task<Definitions.Page<EntitySet>> ListAsync(int size, string? after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, columns, rows, created_at, created_by FROM entity_sets WHERE $1::text IS NULL OR name > $1 ORDER BY name LIMIT $2");
        command.Parameters.Add(new() { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = size + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<EntitySet>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new EntitySet(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }
        if (items.Count <= size)
        {
            return new Definitions.Page<EntitySet>(items, null);
        }
        items.RemoveAt(items.Count - 1);
        return new Definitions.Page<EntitySet>(items, ServiceDefaults.Persistence.PageToken.Encode(new Definitions.NameCursor(items[^1].Name)));
    }

    // Replaces the set: its rows were copied into the session's temporary table; they are moved into es_<name>.
    public static async Task<EntitySet> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string[] columns, long rows, string actor, CancellationToken cancellationToken)
    {
        var table = PointInTimeJoin.EntitySetTable(name);
        await using (var replace = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS {table};
            CREATE TABLE {table} AS SELECT ord, ts, vals, raw FROM {PointInTimeJoin.EntityTable};
            ALTER TABLE {table} ADD PRIMARY KEY (ord);
            ANALYZE {table};
            """, connection, transaction))
        {
            await replace.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO entity_sets (name, columns, rows, created_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (name) DO UPDATE SET columns = EXCLUDED.columns, rows = EXCLUDED.rows, created_by = EXCLUDED.created_by, created_at = now()
            RETURNING name, columns, rows, created_at, created_by
            """, connection, transaction)
        { Parameters = { new() { Value = name }, new() { Value = columns }, new() { Value = rows }, new() { Value = actor } } };
        await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EntitySet(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4));
    }
}
