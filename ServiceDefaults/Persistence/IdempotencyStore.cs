using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Reference.ServiceDefaults.Persistence;

/// <summary>A completed response kept for its Idempotency-Key, returned as is when the request is retried.</summary>
public sealed record StoredResponse(int StatusCode, string ContentType, string Body, string? Location);

/// <summary>The outcome of claiming a key: new (act, then Complete), a replay, or a key reused for another request.</summary>
public sealed class IdempotencyClaim
{
    internal IdempotencyClaim(string scope, string key, StoredResponse? replay, bool mismatch)
    {
        Scope = scope;
        Key = key;
        Replay = replay;
        Mismatch = mismatch;
    }

    public string Scope { get; }

    public string Key { get; }

    public StoredResponse? Replay { get; }

    public bool Mismatch { get; }

    public bool IsNew => Replay is null && !Mismatch;
}

/// <summary>
/// Idempotency-Key support inside the mutation's own transaction: the claim row is inserted first, so a concurrent
/// request with the same key waits on it and then sees the committed result; a rolled-back attempt leaves nothing.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    public const int MaxKeyLength = 255;

    /// <summary>Null when the header value is usable, else what is wrong with it.</summary>
    public static string? Validate(string key) =>
        key.Length is 0 or > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7e)
            ? $"Idempotency-Key must be 1 to {MaxKeyLength} visible ASCII characters."
            : null;

    public async Task<IdempotencyClaim> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string scope, string key, string requestBody, CancellationToken cancellationToken)
    {
        var requestHash = SHA256.HashData(Encoding.UTF8.GetBytes(requestBody));
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT (scope, key) DO NOTHING",
            connection, transaction)
        { Parameters = { new() { Value = scope }, new() { Value = key }, new() { Value = requestHash } } })
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return new IdempotencyClaim(scope, key, null, false);
            }
        }

        await using var select = new NpgsqlCommand(
            "SELECT request_hash, status_code, content_type, body, location FROM idempotency_keys WHERE scope = $1 AND key = $2",
            connection, transaction)
        { Parameters = { new() { Value = scope }, new() { Value = key } } };
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(1))
        {
            // Only possible if the first request committed without completing: treat the key as used for another request.
            return new IdempotencyClaim(scope, key, null, true);
        }

        if (!((byte[])reader.GetValue(0)).AsSpan().SequenceEqual(requestHash))
        {
            return new IdempotencyClaim(scope, key, null, true);
        }

        return new IdempotencyClaim(scope, key, new StoredResponse(reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)), false);
    }

    public async Task CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IdempotencyClaim claim, int statusCode, string contentType, string body, string? location, CancellationToken cancellationToken)
    {
        if (!claim.IsNew)
        {
            throw new InvalidOperationException("Only a new claim can be completed.");
        }

        await using var update = new NpgsqlCommand(
            "UPDATE idempotency_keys SET status_code = $3, content_type = $4, body = $5, location = $6 WHERE scope = $1 AND key = $2",
            connection, transaction)
        {
            Parameters =
            {
                new() { Value = claim.Scope }, new() { Value = claim.Key }, new() { Value = statusCode },
                new() { Value = contentType }, new() { Value = body }, new() { Value = (object?)location ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            },
        };
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE created_at < now() - $1");
        command.Parameters.Add(new NpgsqlParameter { Value = retention });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
