using System.Text.Json;
using Npgsql;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Drift;

/// <summary>A stored drift evaluation.</summary>
public sealed record DriftResult(long Id, DateTimeOffset EvaluatedAt, ModelDriftReport Report);

/// <summary>A retrain request: sent to the training runner, pending (no runner in the topology) or failed.</summary>
public sealed record DriftTrigger(long Id, string Model, int Version, long? DriftResultId, string Reason, string Status, string? Detail, DateTimeOffset RequestedAt);

public static class DriftTriggerStatuses
{
    public const string Sent = "sent";
    public const string Pending = "pending";
    public const string Failed = "failed";
}

/// <summary>Drift results and retrain triggers in PostgreSQL; results also become metric points, so they chart like any metric.</summary>
public sealed class DriftStore(NpgsqlDataSource dataSource)
{
    public const string ShareMetric = "reference.observability.drift.share";
    public const string DriftedMetric = "reference.observability.drift.drifted";

    public async Task<long> SaveAsync(ModelDriftReport report, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO drift_results (model, version, evaluated_at, window_start, window_end, live_rows, reference_rows, drifted, drift_share, features)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING id
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = report.Model });
            insert.Parameters.Add(new NpgsqlParameter { Value = report.Version });
            insert.Parameters.Add(new NpgsqlParameter { Value = evaluatedAt.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter { Value = report.WindowStart.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter { Value = report.WindowEnd.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter { Value = report.LiveRows });
            insert.Parameters.Add(new NpgsqlParameter { Value = report.ReferenceRows });
            insert.Parameters.Add(new NpgsqlParameter { Value = report.Drifted });
            insert.Parameters.Add(new NpgsqlParameter { Value = report.DriftShare });
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(report.Features, ObservabilityJsonContext.Default.IReadOnlyListFeatureDrift) });
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
        // The drift share per model version, and per feature its score, on the Metrics page beside the services' metrics.
        var labels = JsonSerializer.Serialize(new Dictionary<string, string> { ["model"] = report.Model, ["version"] = report.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using (var points = new NpgsqlCommand(
            """
            INSERT INTO metric_points (time, service, name, kind, attributes, value)
            SELECT $1, 'observability', name, 1, $2::jsonb, value FROM unnest($3::text[], $4::float8[]) AS p(name, value)
            """, connection, transaction))
        {
            points.Parameters.Add(new NpgsqlParameter { Value = evaluatedAt.UtcDateTime });
            points.Parameters.Add(new NpgsqlParameter { Value = labels });
            points.Parameters.Add(new NpgsqlParameter { Value = new[] { ShareMetric, DriftedMetric } });
            points.Parameters.Add(new NpgsqlParameter { Value = new[] { report.DriftShare, report.Drifted ? 1.0 : 0.0 } });
            await points.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var instruments = new NpgsqlCommand(
            """
            INSERT INTO metric_instruments (service, name, kind, unit, description, last_seen)
            VALUES ('observability', $2, 1, '1', 'Share of a model version''s features that drifted in the live window', $1),
                   ('observability', $3, 1, '1', '1 when at least half of a model version''s features drifted', $1)
            ON CONFLICT (service, name) DO UPDATE SET last_seen = excluded.last_seen
            """, connection, transaction))
        {
            instruments.Parameters.Add(new NpgsqlParameter { Value = evaluatedAt.UtcDateTime });
            instruments.Parameters.Add(new NpgsqlParameter { Value = ShareMetric });
            instruments.Parameters.Add(new NpgsqlParameter { Value = DriftedMetric });
            await instruments.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>The latest result of every model version.</summary>
    public async Task<IReadOnlyList<DriftResult>> LatestAsync(CancellationToken cancellationToken) =>
        await ReadAsync(
            """
            SELECT DISTINCT ON (model, version) id, model, version, evaluated_at, window_start, window_end, live_rows, reference_rows, drift_share, drifted, features::text
            FROM drift_results ORDER BY model, version, evaluated_at DESC
            """, [], cancellationToken);

    /// <summary>One version's results over time, newest first.</summary>
    public async Task<IReadOnlyList<DriftResult>> HistoryAsync(string model, int version, int limit, CancellationToken cancellationToken) =>
        await ReadAsync(
            """
            SELECT id, model, version, evaluated_at, window_start, window_end, live_rows, reference_rows, drift_share, drifted, features::text
            FROM drift_results WHERE model = $1 AND version = $2 ORDER BY evaluated_at DESC LIMIT $3
            """, [model, version, limit], cancellationToken);

    public async Task<IReadOnlyList<DriftTrigger>> TriggersAsync(string? model, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id, model, version, drift_result_id, reason, status, detail, requested_at FROM drift_triggers {(model is null ? "" : "WHERE model = $2")} ORDER BY requested_at DESC LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        if (model is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = model });
        }
        var triggers = new List<DriftTrigger>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            triggers.Add(new DriftTrigger(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), new DateTimeOffset(reader.GetFieldValue<DateTime>(7))));
        }
        return triggers;
    }

    private async Task<IReadOnlyList<DriftResult>> ReadAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        var results = new List<DriftResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var features = JsonSerializer.Deserialize(reader.GetString(10), ObservabilityJsonContext.Default.IReadOnlyListFeatureDrift) ?? [];
            var report = new ModelDriftReport(reader.GetString(1), reader.GetInt32(2), new DateTimeOffset(reader.GetFieldValue<DateTime>(4)),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(5)), reader.GetInt32(6), reader.GetInt64(7), reader.GetDouble(8), reader.GetBoolean(9), features);
            results.Add(new DriftResult(reader.GetInt64(0), new DateTimeOffset(reader.GetFieldValue<DateTime>(3)), report));
        }
        return results;
    }
}
