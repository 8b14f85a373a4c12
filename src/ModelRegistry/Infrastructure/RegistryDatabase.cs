using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Infrastructure;

// Opens the transaction that a mutation, its audit record and its idempotency record share.
internal sealed class RegistryDatabase(NpgsqlDataSource dataSource, IdempotencyStore idempotency, AuditLog audit, IOptions<JsonOptions> json, Events.RegistryEventHub hub)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public NpgsqlDataSource DataSource => dataSource;

    public JsonSerializerOptions Json => json.Value.SerializerOptions;

    // Null when the Idempotency-Key header is absent or usable; else the 400 to return.
    public static IResult? ValidateIdempotencyKey(HttpContext http)
    {
        if (http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) && IdempotencyStore.Validate(values.ToString()) is { } problem)
        {
            return new ValidationErrors().Add(IdempotencyKeyHeader, problem).ToProblem();
        }
        return null;
    }

    public async Task<MutationTransaction> BeginAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var key = http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) ? values.ToString() : null;
            return new MutationTransaction(connection, transaction, http.User.Actor(), http.User.ActingParty(), key, idempotency, audit, Json, hub.Invalidate);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
