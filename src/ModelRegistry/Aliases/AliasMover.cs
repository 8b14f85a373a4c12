using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Events;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;

namespace Reference.ModelRegistry.Aliases;

// Moves or removes an alias in one environment inside the caller's transaction, with its audit record and its
// event. The event is numbered under a transaction lock so ids commit in order and a subscriber resuming "after
// id N" misses nothing.
internal sealed class AliasMover
{
    private const long EventOrderLock = 0x52656602;

    // The default environment keeps the entity name it had before environments, so old audit queries still match.
    public static string Entity(string model, string alias, string environment) => environment == AliasEnvironment.Default
        ? $"model:{model}/alias:{alias}"
        : $"model:{model}/environment:{environment}/alias:{alias}";

    // Call first thing after locking the model row in any transaction that may move an alias.
    public async Task LockEventOrderAsync(MutationTransaction tx, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT pg_advisory_xact_lock($1)", EventOrderLock);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int?> CurrentAsync(MutationTransaction tx, long modelId, string alias, string environment, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT version FROM model_aliases WHERE model_id = $1 AND environment = $3 AND alias = $2", modelId, alias, environment);
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    public async Task<RegistryEvent> SetAsync(MutationTransaction tx, ModelRow model, string alias, string environment, int version, CancellationToken cancellationToken)
    {
        var previous = await CurrentAsync(tx, model.Id, alias, environment, cancellationToken);
        await using (var upsert = tx.Command(
            """
            INSERT INTO model_aliases (model_id, environment, alias, version, updated_by) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (model_id, environment, alias) DO UPDATE SET version = EXCLUDED.version, updated_at = now(), updated_by = EXCLUDED.updated_by
            """, model.Id, environment, alias, version, tx.Actor))
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.AuditAsync("alias.set", Entity(model.Model.Name, alias, environment),
            previous is null ? null : new { alias, environment, version = previous }, new { alias, environment, version }, cancellationToken);
        return await PublishAsync(tx, RegistryEventKinds.AliasSet, model.Model.Name, alias, environment, version, previous, cancellationToken);
    }

    public async Task<RegistryEvent?> DeleteAsync(MutationTransaction tx, ModelRow model, string alias, string environment, CancellationToken cancellationToken)
    {
        var previous = await CurrentAsync(tx, model.Id, alias, environment, cancellationToken);
        if (previous is null)
        {
            return null;
        }
        await using (var delete = tx.Command("DELETE FROM model_aliases WHERE model_id = $1 AND environment = $3 AND alias = $2", model.Id, alias, environment))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.AuditAsync("alias.delete", Entity(model.Model.Name, alias, environment), new { alias, environment, version = previous }, null, cancellationToken);
        return await PublishAsync(tx, RegistryEventKinds.AliasDeleted, model.Model.Name, alias, environment, null, previous, cancellationToken);
    }

    private static async Task<RegistryEvent> PublishAsync(
        MutationTransaction tx, string kind, string model, string alias, string environment, int? version, int? previous, CancellationToken cancellationToken)
    {
        await using var insert = tx.Command(
            """
            WITH e AS (
                INSERT INTO registry_events (kind, model, alias, environment, version, previous_version, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)
                RETURNING id, at)
            SELECT id, at, pg_notify($8, id::text) FROM e
            """,
            kind, model, alias, environment, (object?)version ?? DBNull.Value, (object?)previous ?? DBNull.Value, tx.Actor, RegistryEventHub.Channel);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RegistryEvent(reader.GetInt64(0), kind, model, alias, version, previous, tx.Actor, reader.GetFieldValue<DateTimeOffset>(1), environment);
    }
}
