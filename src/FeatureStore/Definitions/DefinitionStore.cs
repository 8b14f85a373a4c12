using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Reference.FeatureStore.Serialization;

namespace Reference.FeatureStore.Definitions;

// The registry tables: entities, feature views (with every schema version) and feature services.
public sealed class DefinitionStore(NpgsqlDataSource dataSource)
{
    public async Task<EntityDefinition?> GetEntityAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await GetEntityAsync(connection, null, name, cancellationToken);
    }

    public async Task<EntityDefinition?> GetEntityAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT name, join_keys, description, created_at, updated_at FROM entities WHERE name = $1", connection, transaction)
        { Parameters = { new() { Value = name } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEntity(reader) : null;
    }

    public async Task<Page<EntityDefinition>> ListEntitiesAsync(int size, string? after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, join_keys, description, created_at, updated_at FROM entities WHERE $1::text IS NULL OR name > $1 ORDER BY name LIMIT $2");
        command.Parameters.Add(new() { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = size + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<EntityDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadEntity(reader));
        }
        return ToPage(items, size, e => e.Name);
    }

    public async Task<EntityDefinition> UpsertEntityAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string[] joinKeys, string? description, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO entities (name, join_keys, description) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET join_keys = EXCLUDED.join_keys, description = EXCLUDED.description, updated_at = now()
            RETURNING name, join_keys, description, created_at, updated_at
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = name }, new() { Value = joinKeys },
                new() { Value = (object?)description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadEntity(reader);
    }

    public async Task<IReadOnlyList<string>> ViewsUsingEntityAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string entity, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT name FROM feature_views WHERE spec -> 'entities' ? $1 ORDER BY name", connection, transaction)
        { Parameters = { new() { Value = entity } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    public async Task<FeatureViewDefinition?> GetViewAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await GetViewAsync(connection, null, name, cancellationToken);
    }

    public async Task<FeatureViewDefinition?> GetViewAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT name, version, spec, created_at, updated_at FROM feature_views WHERE name = $1", connection, transaction)
        { Parameters = { new() { Value = name } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadView(reader) : null;
    }

    public async Task<IReadOnlyList<FeatureViewDefinition>> GetAllViewsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, version, spec, created_at, updated_at FROM feature_views ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<FeatureViewDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadView(reader));
        }
        return items;
    }

    public async Task<Page<FeatureViewDefinition>> ListViewsAsync(int size, string? after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, version, spec, created_at, updated_at FROM feature_views WHERE $1::text IS NULL OR name > $1 ORDER BY name LIMIT $2");
        command.Parameters.Add(new() { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = size + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<FeatureViewDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadView(reader));
        }
        return ToPage(items, size, v => v.Name);
    }

    public async Task<IReadOnlyList<FeatureViewVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, version, spec, created_at, created_by FROM feature_view_versions WHERE name = $1 ORDER BY version");
        command.Parameters.Add(new() { Value = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<FeatureViewVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new FeatureViewVersion(reader.GetString(0), reader.GetInt32(1), DeserializeSpec(reader.GetString(2)),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }
        return items;
    }

    public async Task<FeatureViewDefinition> SaveViewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, int version, FeatureViewSpec spec, bool newVersion, string actor, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(spec, FeatureStoreJsonContext.Default.FeatureViewSpec);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO feature_views (name, version, spec) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, spec = EXCLUDED.spec, updated_at = now()
            """, connection, transaction)
        { Parameters = { new() { Value = name }, new() { Value = version }, new() { Value = json } } })
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        // A new schema version is a new lineage row; metadata-only changes (owner, tags, TTL, classification) amend the current one.
        await using (var versionRow = new NpgsqlCommand(newVersion
            ? "INSERT INTO feature_view_versions (name, version, spec, created_by) VALUES ($1, $2, $3::jsonb, $4)"
            : "UPDATE feature_view_versions SET spec = $3::jsonb WHERE name = $1 AND version = $2", connection, transaction)
        { Parameters = { new() { Value = name }, new() { Value = version }, new() { Value = json }, new() { Value = actor } } })
        {
            await versionRow.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await GetViewAsync(connection, transaction, name, cancellationToken))!;
    }

    public async Task<FeatureServiceDefinition?> GetServiceAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, features, created_at, updated_at FROM feature_services WHERE name = $1");
        command.Parameters.Add(new() { Value = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadService(reader) : null;
    }

    public async Task<FeatureServiceDefinition?> GetServiceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT name, features, created_at, updated_at FROM feature_services WHERE name = $1", connection, transaction)
        { Parameters = { new() { Value = name } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadService(reader) : null;
    }

    public async Task<Page<FeatureServiceDefinition>> ListServicesAsync(int size, string? after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, features, created_at, updated_at FROM feature_services WHERE $1::text IS NULL OR name > $1 ORDER BY name LIMIT $2");
        command.Parameters.Add(new() { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = size + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<FeatureServiceDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadService(reader));
        }
        return ToPage(items, size, s => s.Name);
    }

    public async Task<FeatureServiceDefinition> UpsertServiceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string[] features, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO feature_services (name, features) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET features = EXCLUDED.features, updated_at = now()
            RETURNING name, features, created_at, updated_at
            """, connection, transaction)
        { Parameters = { new() { Value = name }, new() { Value = features } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadService(reader);
    }

    // Serializes applies of one definition across replicas until the transaction ends.
    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction)
        { Parameters = { new() { Value = kind + ":" + name } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static FeatureViewSpec DeserializeSpec(string json) =>
        JsonSerializer.Deserialize(json, FeatureStoreJsonContext.Default.FeatureViewSpec)
        ?? throw new InvalidOperationException("A stored feature view spec is empty.");

    private static Page<T> ToPage<T>(List<T> items, int size, Func<T, string> name)
    {
        if (items.Count <= size)
        {
            return new Page<T>(items, null);
        }
        items.RemoveAt(items.Count - 1);
        return new Page<T>(items, ServiceDefaults.Persistence.PageToken.Encode(new NameCursor(name(items[^1]))));
    }

    private static EntityDefinition ReadEntity(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));

    private static FeatureViewDefinition ReadView(NpgsqlDataReader reader) => FeatureViewDefinition.From(
        reader.GetString(0), reader.GetInt32(1), DeserializeSpec(reader.GetString(2)),
        reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));

    private static FeatureServiceDefinition ReadService(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
}
