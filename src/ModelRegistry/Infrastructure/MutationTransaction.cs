using System.Text.Json;
using Npgsql;
using Reference.ServiceDefaults.Persistence;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Infrastructure;

// One mutation: claim the Idempotency-Key, change rows, append audit records, then commit with the response stored
// for retries. Disposing without CommitAsync rolls everything back, so a failed request changes nothing.
internal sealed class MutationTransaction(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    string actor,
    string? via,
    string? idempotencyKey,
    IdempotencyStore idempotency,
    AuditLog audit,
    JsonSerializerOptions json,
    Action committed) : IAsyncDisposable
{
    private IdempotencyClaim? claim;

    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    public string Actor => actor;

    // The party acting for Actor (the token's "act" claim), recorded beside it in every audit record.
    public string? Via => via;

    public JsonSerializerOptions Json => json;

    public NpgsqlCommand Command(string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }
        return command;
    }

    // Returns the response to send instead of mutating (a replay or a reused key), or null to go on.
    public async Task<IResult?> ClaimAsync(string scope, string requestBody, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            return null;
        }

        claim = await idempotency.ClaimAsync(connection, transaction, scope, idempotencyKey, requestBody, cancellationToken);
        if (claim.Mismatch)
        {
            return Problems.Unprocessable(
                $"Idempotency-Key '{idempotencyKey}' was already used for a different request to {scope}. Use a new key for a new request.",
                "Idempotency-Key reused with a different request");
        }
        return claim.Replay is { } replay ? new StoredResponseResult(replay) : null;
    }

    public Task AuditAsync(string action, string entity, object? before, object? after, CancellationToken cancellationToken) =>
        audit.AppendAsync(connection, transaction, new AuditEntry(actor, action, entity, ToJson(before), ToJson(after), via), cancellationToken);

    public string? ToJson(object? value) => value switch
    {
        null => null,
        string text => text,
        _ => JsonSerializer.Serialize(value, value.GetType(), json),
    };

    public async Task<IResult> CommitAsync(int statusCode, object body, string? location, CancellationToken cancellationToken)
    {
        var text = ToJson(body)!;
        var response = new StoredResponse(statusCode, "application/json; charset=utf-8", text, location);
        if (claim is { IsNew: true })
        {
            await idempotency.CompleteAsync(connection, transaction, claim, statusCode, response.ContentType, text, location, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        committed();
        return new StoredResponseResult(response);
    }

    public async Task<IResult> CommitNoContentAsync(CancellationToken cancellationToken)
    {
        if (claim is { IsNew: true })
        {
            await idempotency.CompleteAsync(connection, transaction, claim, StatusCodes.Status204NoContent, "text/plain", "", null, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        committed();
        return TypedResults.NoContent();
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
