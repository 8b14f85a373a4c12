using Microsoft.AspNetCore.Http;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Mutations;

// One mutation = one transaction: the Idempotency-Key claim, the change, its audit record (appended by the
// mutation itself) and the stored response all commit together, or nothing does.
public sealed class MutationRunner(NpgsqlDataSource dataSource, IdempotencyStore idempotency)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public delegate Task<MutationResult> Mutation(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    // Checks the Idempotency-Key header; null when absent or usable, else a 400 to return.
    public static IResult? ValidateKey(HttpRequest request, out string? key)
    {
        key = request.Headers[IdempotencyHeader].FirstOrDefault();
        if (key is null)
        {
            return null;
        }
        return IdempotencyStore.Validate(key) is { } problem
            ? new ValidationErrors().Add(IdempotencyHeader, problem).ToProblem()
            : null;
    }

    // requestFingerprint identifies the request for the key: the body, or its hash for bulk bodies; it is
    // computed lazily because bulk mutations only know it once the body has been read (claimed before commit).
    public async Task<IResult> RunAsync(HttpRequest request, string scope, Func<string> requestFingerprint, Mutation mutation, CancellationToken cancellationToken, bool bodyIsFingerprint = true)
    {
        if (ValidateKey(request, out var key) is { } invalid)
        {
            return invalid;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        IdempotencyClaim? claim = null;
        if (key is not null && bodyIsFingerprint)
        {
            // Small bodies: claim first, so a retry replays even if the state has moved on since.
            claim = await idempotency.ClaimAsync(connection, transaction, scope, key, requestFingerprint(), cancellationToken);
            if (Settled(claim, key, scope) is { } settled)
            {
                await transaction.RollbackAsync(cancellationToken);
                return settled;
            }
        }

        var outcome = await mutation(connection, transaction, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            await transaction.RollbackAsync(cancellationToken);
            return refusal;
        }

        if (key is not null && claim is null)
        {
            // Bulk bodies: their hash is known only now, after streaming them into the transaction.
            claim = await idempotency.ClaimAsync(connection, transaction, scope, key, requestFingerprint(), cancellationToken);
            if (Settled(claim, key, scope) is { } settled)
            {
                await transaction.RollbackAsync(cancellationToken);
                return settled;
            }
        }

        if (claim is not null)
        {
            await idempotency.CompleteAsync(connection, transaction, claim, outcome.StatusCode, "application/json", outcome.Body!, outcome.Location, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        outcome.Committed?.Invoke();
        return new StoredJsonResult(outcome.StatusCode, "application/json", outcome.Body!, outcome.Location);
    }

    private static IResult? Settled(IdempotencyClaim claim, string key, string scope)
    {
        if (claim.Replay is { } replay)
        {
            return new StoredJsonResult(replay.StatusCode, replay.ContentType, replay.Body, replay.Location);
        }
        return claim.Mismatch
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused",
                detail: $"The Idempotency-Key '{key}' was already used for a different request to {scope}. Use a new key for a new request.")
            : null;
    }
}
