using Npgsql;

namespace Reference.Observability.Storage;

/// <summary>
/// Serving's per-version figures for a model, from its reference.serving.inference.duration histogram (one cumulative
/// series per replica, version and role): requests since each replica started, mean latency, and the request rate and
/// mean latency per time step (differences of consecutive points of one series; a series' first point, and the first
/// after a counter reset, count from zero, since cumulative series start at zero when the process starts).
/// </summary>
public sealed class ServingQueries(NpgsqlDataSource dataSource)
{
    public const string DurationInstrument = "reference.serving.inference.duration";

    public async Task<IReadOnlyList<ServingVersionTotals>> GetTotalsAsync(string model, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT version, sum(count)::bigint, sum(sum), sum(replica_count)::int FROM (
                SELECT DISTINCT ON (attributes->>'service.instance.id', attributes->>'model.version', attributes->>'serving.role')
                       attributes->>'model.version' AS version, count, sum, 1 AS replica_count
                FROM metric_points
                WHERE name = $1 AND attributes->>'model.name' = $2 AND time >= $3
                ORDER BY attributes->>'service.instance.id', attributes->>'model.version', attributes->>'serving.role', time DESC) latest
            GROUP BY version ORDER BY version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = DurationInstrument });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        var result = new List<ServingVersionTotals>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
            var sum = reader.IsDBNull(2) ? 0 : reader.GetDouble(2);
            result.Add(new ServingVersionTotals(reader.IsDBNull(0) ? "?" : reader.GetString(0), count, count > 0 ? sum / count : double.NaN, reader.GetInt32(3)));
        }
        return result;
    }

    public async Task<IReadOnlyList<ServingVersionSeries>> GetSeriesAsync(string model, DateTimeOffset from, DateTimeOffset to, int buckets, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (to - from).Ticks / Math.Max(1, buckets)));
        await using var command = dataSource.CreateCommand(
            """
            WITH points AS (
                SELECT attributes->>'model.version' AS version, time, count, sum,
                       coalesce(lag(count) OVER w, 0) AS previous_count, coalesce(lag(sum) OVER w, 0) AS previous_sum
                FROM metric_points
                WHERE name = $1 AND attributes->>'model.name' = $2 AND time >= $3 - interval '1 day' AND time <= $4
                WINDOW w AS (PARTITION BY attributes->>'service.instance.id', attributes->>'model.version', attributes->>'serving.role' ORDER BY time)),
            deltas AS (
                SELECT version, time,
                       CASE WHEN count >= previous_count THEN count - previous_count ELSE count END AS requests,
                       CASE WHEN count >= previous_count THEN sum - previous_sum ELSE sum END AS seconds
                FROM points WHERE time >= $3)
            SELECT version, date_bin($5, time, $3) AS bucket, sum(requests)::float8, sum(seconds)
            FROM deltas
            GROUP BY 1, 2 ORDER BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = DurationInstrument });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = step });
        var series = new Dictionary<string, List<ServingPoint>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.IsDBNull(0) ? "?" : reader.GetString(0);
            if (!series.TryGetValue(version, out var points))
            {
                series[version] = points = [];
            }
            var requests = reader.GetDouble(2);
            var seconds = reader.IsDBNull(3) ? 0 : reader.GetDouble(3);
            points.Add(new ServingPoint(new DateTimeOffset(reader.GetFieldValue<DateTime>(1)), requests / step.TotalSeconds, requests > 0 ? seconds / requests : double.NaN));
        }
        return [.. series.Select(s => new ServingVersionSeries(s.Key, s.Value))];
    }
}

public sealed record ServingVersionTotals(string Version, long Requests, double MeanSeconds, int Series);

/// <summary>One step: requests per second, and the mean latency of the requests in it (NaN when there were none).</summary>
public sealed record ServingPoint(DateTimeOffset Time, double RequestsPerSecond, double MeanSeconds);

public sealed record ServingVersionSeries(string Version, IReadOnlyList<ServingPoint> Points);
