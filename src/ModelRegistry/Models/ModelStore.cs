using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;

namespace Reference.ModelRegistry.Models;

// Registered models in PostgreSQL. Reads go straight to the data source; writes run in a MutationTransaction.
internal sealed class ModelStore(NpgsqlDataSource dataSource)
{
    private const string Columns = $$"""
        m.id, m.name, m.description, m.use_case, m.tags::text, m.latest_version, m.created_at, m.updated_at, m.created_by,
        COALESCE((SELECT jsonb_object_agg(a.alias, a.version) FROM model_aliases a WHERE a.model_id = m.id AND a.environment = '{{AliasEnvironments.Default}}'), '{}'::jsonb)::text,
        m.promotion_policy::text,
        COALESCE((SELECT jsonb_object_agg(e.environment, e.aliases) FROM (
            SELECT a.environment, jsonb_object_agg(a.alias, a.version) AS aliases FROM model_aliases a WHERE a.model_id = m.id GROUP BY a.environment) e), '{}'::jsonb)::text
        """;

    public async Task<ModelRow?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM registered_models m WHERE m.name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return await ReadSingleAsync(command, cancellationToken);
    }

    // Locks the model row for the rest of the transaction: version numbering, deletes and policy changes serialize on it.
    public async Task<ModelRow?> LockAsync(MutationTransaction tx, string name, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM registered_models m WHERE m.name = $1 FOR UPDATE", name);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<ModelRow?> CreateAsync(MutationTransaction tx, CreateModelRequest request, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"""
            WITH inserted AS (
                INSERT INTO registered_models (name, description, use_case, tags, created_by) VALUES ($1, $2, $3, $4::jsonb, $5)
                ON CONFLICT (name) DO NOTHING RETURNING *)
            SELECT {Columns} FROM inserted m
            """,
            request.Name, Text(request.Description), Text(request.UseCase),
            Jsonb(JsonSerializer.Serialize(request.Tags ?? [], RegistryJsonContext.Default.DictionaryStringString)), tx.Actor);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<ModelRow> UpdateAsync(MutationTransaction tx, long id, string? description, IReadOnlyDictionary<string, string> tags, string? useCase, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"""
            WITH updated AS (
                UPDATE registered_models SET description = $2, tags = $3::jsonb, use_case = $4, updated_at = now() WHERE id = $1 RETURNING *)
            SELECT {Columns} FROM updated m
            """,
            id, Text(description), Jsonb(JsonSerializer.Serialize(tags.ToDictionary(), RegistryJsonContext.Default.DictionaryStringString)), Text(useCase));
        return (await ReadSingleAsync(command, cancellationToken))!;
    }

    public async Task SetPolicyAsync(MutationTransaction tx, long id, string policyJson, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("UPDATE registered_models SET promotion_policy = $2::jsonb, updated_at = now() WHERE id = $1", id, Jsonb(policyJson));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(MutationTransaction tx, long id, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("DELETE FROM registered_models WHERE id = $1", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ModelRow>> SearchAsync(ModelSearch search, CancellationToken cancellationToken)
    {
        // Only the filters in use go into the statement, so each shape gets its own plan (prefix range scan, GIN tag lookup).
        var sql = new StringBuilder($"SELECT {Columns} FROM registered_models m WHERE true");
        await using var command = dataSource.CreateCommand();
        if (!string.IsNullOrEmpty(search.NamePrefix))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = EscapeLike(search.NamePrefix) + "%" });
            sql.Append($" AND m.name LIKE ${command.Parameters.Count}");
        }
        if (search.Tags.Count > 0)
        {
            command.Parameters.Add(Jsonb(JsonSerializer.Serialize(search.Tags.ToDictionary(), RegistryJsonContext.Default.DictionaryStringString)));
            sql.Append($" AND m.tags @> ${command.Parameters.Count}::jsonb");
        }
        if (search.UseCase is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = search.UseCase });
            sql.Append($" AND m.use_case = ${command.Parameters.Count}");
        }
        if (search.After is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = search.After });
            sql.Append($" AND m.name > ${command.Parameters.Count}");
        }
        command.Parameters.Add(new NpgsqlParameter { Value = search.Limit });
        sql.Append($" ORDER BY m.name LIMIT ${command.Parameters.Count}");
        command.CommandText = sql.ToString();

        var rows = new List<ModelRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    private static async Task<ModelRow?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static ModelRow Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        new RegisteredModel(
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            JsonSerializer.Deserialize(reader.GetString(4), RegistryJsonContext.Default.DictionaryStringString)!,
            reader.GetInt32(5),
            JsonSerializer.Deserialize(reader.GetString(9), RegistryJsonContext.Default.DictionaryStringInt32)!,
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetString(8),
            JsonSerializer.Deserialize(reader.GetString(11), RegistryJsonContext.Default.DictionaryStringDictionaryStringInt32)!
                .ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, int>)e.Value, StringComparer.Ordinal)),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    internal static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    internal static NpgsqlParameter Jsonb(string? json) => new() { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}

internal sealed record ModelRow(long Id, RegisteredModel Model, string? PolicyJson);
