using System.Text.Json;
using Npgsql;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;

namespace Reference.ModelRegistry.Promotions;

internal sealed class PromotionStore(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT p.id, m.name, p.version, p.alias, p.environment, p.reason, p.status, p.requested_by, p.required_approvals, p.gates::text,
               p.created_at, p.decided_at, p.model_id,
               COALESCE((SELECT jsonb_agg(jsonb_build_object('actor', d.actor, 'decision', d.decision, 'comment', d.comment, 'at', d.at) ORDER BY d.at, d.actor)
                         FROM promotion_decisions d WHERE d.request_id = p.id), '[]'::jsonb)::text
        FROM promotion_requests p JOIN registered_models m ON m.id = p.model_id
        """;

    public async Task<PromotionRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE p.id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<PromotionRow?> LockAsync(MutationTransaction tx, long id, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"{Select} WHERE p.id = $1 FOR UPDATE OF p", id);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<PromotionRow> GetInTransactionAsync(MutationTransaction tx, long id, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"{Select} WHERE p.id = $1", id);
        return (await ReadSingleAsync(command, cancellationToken))!;
    }

    public async Task<IReadOnlyList<Promotion>> ListAsync(string model, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.name = $1 AND p.id > $2 ORDER BY p.id LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var list = new List<Promotion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader).Promotion);
        }
        return list;
    }

    public async Task<long?> FindPendingAsync(MutationTransaction tx, long modelId, int version, string alias, string environment, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "SELECT id FROM promotion_requests WHERE model_id = $1 AND version = $2 AND alias = $3 AND environment = $4 AND status = $5 ORDER BY id LIMIT 1",
            modelId, version, alias, environment, PromotionStatuses.Pending);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    public async Task<long> InsertAsync(MutationTransaction tx, long modelId, int version, CreatePromotionRequest request, string status, int requiredApprovals, IReadOnlyList<GateResult> gates, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            """
            INSERT INTO promotion_requests (model_id, version, alias, environment, reason, status, requested_by, required_approvals, gates)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING id
            """,
            modelId, version, request.Alias, request.Environment, ModelStore.Text(request.Reason), status, tx.Actor, requiredApprovals,
            ModelStore.Jsonb(JsonSerializer.Serialize(gates.ToList(), RegistryJsonContext.Default.ListGateResult)));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task AddDecisionAsync(MutationTransaction tx, long id, string decision, string? comment, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("INSERT INTO promotion_decisions (request_id, actor, decision, comment) VALUES ($1, $2, $3, $4)",
            id, tx.Actor, decision, ModelStore.Text(comment));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetStatusAsync(MutationTransaction tx, long id, string status, IReadOnlyList<GateResult> gates, bool decided, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "UPDATE promotion_requests SET status = $2, gates = $3::jsonb, decided_at = CASE WHEN $4 THEN now() END WHERE id = $1",
            id, status, ModelStore.Jsonb(JsonSerializer.Serialize(gates.ToList(), RegistryJsonContext.Default.ListGateResult)), decided);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<PromotionRow?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static PromotionRow Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(12),
        new Promotion(
            reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetInt32(8),
            JsonSerializer.Deserialize(reader.GetString(9), RegistryJsonContext.Default.ListGateResult)!,
            JsonSerializer.Deserialize(reader.GetString(13), RegistryJsonContext.Default.ListPromotionDecision)!,
            reader.GetFieldValue<DateTimeOffset>(10),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11)));
}

internal sealed record PromotionRow(long ModelId, Promotion Promotion);
