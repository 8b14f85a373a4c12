using Npgsql;
using NpgsqlTypes;
using Reference.ServiceDefaults.Persistence;

namespace Reference.Observability.Predictions;

/// <summary>Stores prediction samples, and reads the live window that drift detection compares with training.</summary>
public sealed class PredictionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts the samples, or replays the first answer for a retried Idempotency-Key, in one transaction.</summary>
    public async Task<StoredResponse?> InsertAsync(IReadOnlyList<PredictionSample> samples, string? idempotencyKey, string requestBody, Func<StoredResponse> respond, IdempotencyStore idempotency, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        IdempotencyClaim? claim = null;
        if (idempotencyKey is not null)
        {
            claim = await idempotency.ClaimAsync(connection, transaction, "predictions", idempotencyKey, requestBody, cancellationToken);
            if (!claim.IsNew)
            {
                await transaction.RollbackAsync(cancellationToken);
                return claim.Mismatch ? null : claim.Replay;
            }
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY prediction_samples (model, version, time, features, outputs) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var sample in samples)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(sample.Model, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(sample.Version, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(sample.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(sample.FeaturesJson, NpgsqlDbType.Jsonb, cancellationToken);
                if (sample.OutputsJson is null)
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await copy.WriteAsync(sample.OutputsJson, NpgsqlDbType.Jsonb, cancellationToken);
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }
        var response = respond();
        if (claim is not null)
        {
            await idempotency.CompleteAsync(connection, transaction, claim, response.StatusCode, response.ContentType, response.Body, response.Location, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return response;
    }

    /// <summary>Model versions with at least <paramref name="minRows"/> samples since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<(string Model, int Version, long Rows)>> ServedVersionsAsync(DateTimeOffset since, int minRows, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT model, version, count(*) FROM prediction_samples WHERE time >= $1 GROUP BY model, version HAVING count(*) >= $2 ORDER BY model, version");
        command.Parameters.Add(new NpgsqlParameter { Value = since.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)minRows });
        var versions = new List<(string, int, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }
        return versions;
    }

    /// <summary>The newest samples' features (at most <paramref name="limit"/>) of one version since a time.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, System.Text.Json.JsonElement>>> LiveFeaturesAsync(string model, int version, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT features::text FROM prediction_samples WHERE model = $1 AND version = $2 AND time >= $3 ORDER BY time DESC LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = since.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<IReadOnlyDictionary<string, System.Text.Json.JsonElement>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var document = System.Text.Json.JsonDocument.Parse(reader.GetString(0));
            var row = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                row[property.Name] = property.Value.Clone();
            }
            rows.Add(row);
        }
        return rows;
    }
}
