using System.Text.Json;
using Npgsql;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Versions;

// Model versions: immutable once inserted except for description and tags.
internal sealed class VersionStore(NpgsqlDataSource dataSource)
{
    private const string Select = $$"""
        SELECT m.name, v.version, v.description, v.tags::text, v.source_run_id, v.algorithm, v.hyperparameters::text, v.metrics::text,
               v.signature::text, v.lineage::text, v.artifact_sha256, b.size_bytes,
               ARRAY(SELECT a.alias FROM model_aliases a WHERE a.model_id = v.model_id AND a.version = v.version AND a.environment = '{{AliasEnvironments.Default}}' ORDER BY a.alias),
               v.created_at, v.created_by, v.model_id, v.classification, v.residency,
               COALESCE((SELECT jsonb_object_agg(e.environment, e.aliases) FROM (
                   SELECT a.environment, jsonb_agg(a.alias ORDER BY a.alias) AS aliases FROM model_aliases a
                   WHERE a.model_id = v.model_id AND a.version = v.version GROUP BY a.environment) e), '{}'::jsonb)::text
        FROM model_versions v
        JOIN registered_models m ON m.id = v.model_id
        JOIN artifact_blobs b ON b.sha256 = v.artifact_sha256
        """;

    public async Task<VersionRow?> GetAsync(string model, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.name = $1 AND v.version = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<VersionRow?> GetLatestAsync(string model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.name = $1 AND v.version = m.latest_version");
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        return await ReadSingleAsync(command, cancellationToken);
    }

    // The hot path of serving: one round trip from (model, alias) to the version it points at.
    public async Task<VersionRow?> GetByAliasAsync(string model, string alias, string environment, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"{Select} JOIN model_aliases al ON al.model_id = v.model_id AND al.version = v.version WHERE m.name = $1 AND al.environment = $3 AND al.alias = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = alias });
        command.Parameters.Add(new NpgsqlParameter { Value = environment });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<VersionRow?> GetInTransactionAsync(MutationTransaction tx, long modelId, int version, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"{Select} WHERE v.model_id = $1 AND v.version = $2", modelId, version);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(string model, int afterVersion, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.name = $1 AND v.version > $2 ORDER BY v.version LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = afterVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var versions = new List<ModelVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(Read(reader).Version);
        }
        return versions;
    }

    public async Task<string?> GetDataProfileAsync(long modelId, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT data_profile::text FROM model_versions WHERE model_id = $1 AND version = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = modelId });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    // Numbers come from the model row, locked and incremented in the same transaction as the insert:
    // concurrent creates queue on the row, and a rolled-back create gives its number back.
    public async Task<VersionRow> InsertAsync(MutationTransaction tx, long modelId, VersionMetadata metadata, ModelLineage lineage, string sha256, CancellationToken cancellationToken)
    {
        int number;
        await using (var next = tx.Command("UPDATE registered_models SET latest_version = latest_version + 1, updated_at = now() WHERE id = $1 RETURNING latest_version", modelId))
        {
            number = (int)(await next.ExecuteScalarAsync(cancellationToken))!;
        }

        var context = RegistryJsonContext.Default;
        await using (var insert = tx.Command(
            """
            INSERT INTO model_versions (model_id, version, description, tags, source_run_id, algorithm, hyperparameters, metrics, signature,
                                        data_profile, lineage, classification, residency, artifact_sha256, created_by)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13, $14, $15)
            """,
            modelId, number, ModelStore.Text(metadata.Description),
            ModelStore.Jsonb(JsonSerializer.Serialize(metadata.Tags ?? [], context.DictionaryStringString)),
            ModelStore.Text(metadata.SourceRunId), ModelStore.Text(metadata.Algorithm),
            ModelStore.Jsonb(JsonSerializer.Serialize(metadata.Hyperparameters ?? [], context.DictionaryStringJsonElement)),
            ModelStore.Jsonb(JsonSerializer.Serialize(metadata.Metrics ?? [], context.DictionaryStringDouble)),
            ModelStore.Jsonb(metadata.Signature is null ? null : JsonSerializer.Serialize(metadata.Signature, context.ModelSignature)),
            ModelStore.Jsonb(metadata.DataProfile is { ValueKind: JsonValueKind.Object } profile ? profile.GetRawText() : null),
            ModelStore.Jsonb(JsonSerializer.Serialize(lineage, context.ModelLineage)),
            lineage.Classification, ModelStore.Text(lineage.Residency), sha256, tx.Actor))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await GetInTransactionAsync(tx, modelId, number, cancellationToken))!;
    }

    public async Task<VersionRow> UpdateAsync(MutationTransaction tx, long modelId, int version, string? description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        await using (var update = tx.Command(
            "UPDATE model_versions SET description = $3, tags = $4::jsonb WHERE model_id = $1 AND version = $2",
            modelId, version, ModelStore.Text(description), ModelStore.Jsonb(JsonSerializer.Serialize(tags.ToDictionary(), RegistryJsonContext.Default.DictionaryStringString))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        return (await GetInTransactionAsync(tx, modelId, version, cancellationToken))!;
    }

    private static async Task<VersionRow?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static VersionRow Read(NpgsqlDataReader reader)
    {
        var context = RegistryJsonContext.Default;
        var version = new ModelVersion(
            reader.GetString(0),
            reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            JsonSerializer.Deserialize(reader.GetString(3), context.DictionaryStringString)!,
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            JsonSerializer.Deserialize(reader.GetString(6), context.DictionaryStringJsonElement)!,
            JsonSerializer.Deserialize(reader.GetString(7), context.DictionaryStringDouble)!,
            reader.IsDBNull(8) ? null : JsonSerializer.Deserialize(reader.GetString(8), context.ModelSignature),
            JsonSerializer.Deserialize(reader.GetString(9), context.ModelLineage)!,
            new ArtifactInfo(reader.GetString(10), reader.GetInt64(11)),
            reader.GetFieldValue<string[]>(12),
            reader.GetFieldValue<DateTimeOffset>(13),
            reader.GetString(14),
            JsonSerializer.Deserialize(reader.GetString(18), context.DictionaryStringListString)!
                .ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));
        return new VersionRow(
            reader.GetInt64(15),
            version,
            DataClassificationNames.Parse(reader.GetString(16)),
            reader.IsDBNull(17) ? null : reader.GetString(17));
    }
}

internal sealed record VersionRow(long ModelId, ModelVersion Version, DataClassification Classification, string? Residency);
