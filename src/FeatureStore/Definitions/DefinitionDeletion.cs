using Npgsql;
using Reference.FeatureStore.Materialization;
using Reference.FeatureStore.Offline;

namespace Reference.FeatureStore.Definitions;

// What still uses a definition, and its removal. Callers hold the definition's advisory lock; a deletion is refused
// (409) while anything listed here depends on it, so no view loses its entity and no service its view.
public static class DefinitionDeletion
{
    public static Task<IReadOnlyList<string>> ServicesUsingViewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string view, CancellationToken cancellationToken) =>
        NamesAsync(connection, transaction,
            "SELECT name FROM feature_services WHERE EXISTS (SELECT 1 FROM unnest(features) f WHERE split_part(f, ':', 1) = $1) ORDER BY name", view, cancellationToken);

    public static Task<IReadOnlyList<string>> JobsUsingViewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string view, CancellationToken cancellationToken) =>
        NamesAsync(connection, transaction,
            $"SELECT id::text FROM materializations WHERE state IN ('{MaterializationStates.Queued}', '{MaterializationStates.Running}') AND $1 = ANY (views) ORDER BY created_at",
            view, cancellationToken);

    public static Task DeleteEntityAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, name, cancellationToken, "DELETE FROM entities WHERE name = $1");

    // The view, its version history (kept in the audit record) and its offline table.
    public static Task DeleteViewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, name, cancellationToken,
            "DELETE FROM feature_view_versions WHERE name = $1",
            "DELETE FROM feature_views WHERE name = $1",
            $"DROP TABLE IF EXISTS {DefinitionNames.Quote(DefinitionNames.OfflineTable(name))}");

    public static Task DeleteServiceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, name, cancellationToken, "DELETE FROM feature_services WHERE name = $1");

    public static Task DeleteEntitySetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, name, cancellationToken,
            "DELETE FROM entity_sets WHERE name = $1",
            $"DROP TABLE IF EXISTS {PointInTimeJoin.EntitySetTable(name)}");

    // The statements go in one round trip; $1 (the name) is bound in each that uses it.
    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken, params string[] statements)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand(statement);
            if (statement.Contains("$1", StringComparison.Ordinal))
            {
                command.Parameters.Add(new() { Value = name });
            }
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { Parameters = { new() { Value = value } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
