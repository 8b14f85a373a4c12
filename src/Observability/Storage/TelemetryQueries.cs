using System.Text;
using System.Text.Json;
using Npgsql;
using Reference.Observability.Ingest;

namespace Reference.Observability.Storage;

/// <summary>The dashboard's and the API's reads. Only the filters given become SQL conditions (always parameters), so each shape gets a plan that fits it.</summary>
public sealed class TelemetryQueries(NpgsqlDataSource dataSource)
{
    // The trace search reads at most this many matching spans per requested trace before grouping.
    private const int SpansPerTrace = 20;

    public async Task<IReadOnlyList<TraceSummary>> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = new StringBuilder("TRUE");
        if (query.Service is not null)
        {
            where.Append(" AND service = ").Append(Add(command, query.Service));
        }
        if (query.MinDurationMs is { } minimum)
        {
            where.Append(" AND duration_ns >= ").Append(Add(command, (long)(minimum * 1_000_000)));
        }
        if (SpanStatuses.Code(query.Status) is { } status)
        {
            where.Append(" AND status_code = ").Append(Add(command, status));
        }
        if (query.Name is not null)
        {
            where.Append(" AND name ILIKE ").Append(Add(command, "%" + EscapeLike(query.Name) + "%"));
        }
        // Later pages: spans older than the cursor, of traces with no matching span at or after it (those were on earlier pages).
        var scanWhere = where.ToString();
        var unseen = "";
        if (query.Before is { } before)
        {
            var cursor = Add(command, before.UtcDateTime);
            scanWhere += $" AND start_time < {cursor}";
            unseen = $"WHERE NOT EXISTS (SELECT 1 FROM spans x WHERE x.trace_id = recent.trace_id AND x.start_time >= {cursor} AND {where})";
        }
        var limit = Add(command, query.Limit);
        var scan = Add(command, query.Limit * SpansPerTrace);
        command.CommandText = $"""
            WITH hits AS (
                SELECT trace_id, max(start_time) AS last_start
                FROM (SELECT trace_id, start_time FROM spans WHERE {scanWhere} ORDER BY start_time DESC LIMIT {scan}) recent
                {unseen}
                GROUP BY trace_id ORDER BY last_start DESC LIMIT {limit})
            SELECT encode(h.trace_id, 'hex'), h.last_start, t.first_start, t.last_end, t.span_count, t.error_count, t.services, r.service, r.name
            FROM hits h
            CROSS JOIN LATERAL (
                SELECT min(start_time) AS first_start, max(end_time) AS last_end, count(*)::int AS span_count,
                       (count(*) FILTER (WHERE status_code = 2))::int AS error_count, array_agg(DISTINCT service) AS services
                FROM spans s WHERE s.trace_id = h.trace_id) t
            CROSS JOIN LATERAL (
                SELECT service, name FROM spans s WHERE s.trace_id = h.trace_id ORDER BY (parent_span_id IS NULL) DESC, start_time LIMIT 1) r
            ORDER BY h.last_start DESC
            """;
        var traces = new List<TraceSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var start = reader.GetFieldValue<DateTime>(2);
            var end = reader.GetFieldValue<DateTime>(3);
            traces.Add(new TraceSummary(
                reader.GetString(0), reader.GetString(7), reader.GetString(8), new DateTimeOffset(start),
                (end - start).TotalMilliseconds, reader.GetInt32(4), reader.GetInt32(5), reader.GetFieldValue<string[]>(6))
            {
                LastMatch = new DateTimeOffset(reader.GetFieldValue<DateTime>(1)),
            });
        }
        return traces;
    }

    public async Task<TraceDetail?> GetTraceAsync(byte[] traceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT encode(span_id, 'hex'), encode(parent_span_id, 'hex'), service, name, kind, start_time, end_time, duration_ns,
                   status_code, status_message, scope, attributes::text, events::text
            FROM spans WHERE trace_id = $1 ORDER BY start_time, end_time DESC
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = traceId });
        var spans = new List<SpanView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            spans.Add(new SpanView(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3),
                SpanStatuses.Kind(reader.GetInt16(4)), new DateTimeOffset(reader.GetFieldValue<DateTime>(5)), new DateTimeOffset(reader.GetFieldValue<DateTime>(6)),
                reader.GetInt64(7) / 1e6, SpanStatuses.Name(reader.GetInt16(8)), reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), Json(reader.GetString(11)), reader.IsDBNull(12) ? null : Json(reader.GetString(12))));
        }
        if (spans.Count == 0)
        {
            return null;
        }
        var first = spans.Min(s => s.Start);
        var last = spans.Max(s => s.End);
        return new TraceDetail(Convert.ToHexStringLower(traceId), first, (last - first).TotalMilliseconds, spans);
    }

    public async Task<IReadOnlyList<LogView>> SearchLogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = new StringBuilder("TRUE");
        if (query.Service is not null)
        {
            where.Append(" AND service = ").Append(Add(command, query.Service));
        }
        if (query.MinSeverity is { } severity)
        {
            where.Append(" AND severity_number >= ").Append(Add(command, (short)severity));
        }
        if (query.Text is not null)
        {
            where.Append(" AND body ILIKE ").Append(Add(command, "%" + EscapeLike(query.Text) + "%"));
        }
        if (query.TraceId is not null)
        {
            where.Append(" AND trace_id = ").Append(Add(command, Convert.FromHexString(query.TraceId)));
        }
        if (query.Before is { } before)
        {
            where.Append(" AND time < ").Append(Add(command, before.UtcDateTime));
        }
        command.CommandText = $"""
            SELECT time, service, severity_number, severity_text, body, encode(trace_id, 'hex'), encode(span_id, 'hex'), scope, attributes::text
            FROM logs WHERE {where} ORDER BY time DESC LIMIT {Add(command, query.Limit)}
            """;
        var logs = new List<LogView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var number = reader.GetInt16(2);
            logs.Add(new LogView(
                new DateTimeOffset(reader.GetFieldValue<DateTime>(0)), reader.GetString(1), number,
                reader.IsDBNull(3) ? Severities.Name(number) : reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), Json(reader.GetString(8))));
        }
        return logs;
    }

    public async Task<IReadOnlyList<MetricInstrument>> ListInstrumentsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT service, name, kind, unit, description, last_seen FROM metric_instruments ORDER BY name, service");
        var instruments = new List<MetricInstrument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            instruments.Add(new MetricInstrument(reader.GetString(0), reader.GetString(1), MetricKinds.Name(reader.GetInt16(2)), reader.GetString(3), reader.GetString(4),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(5))));
        }
        return instruments;
    }

    /// <summary>
    /// A chart of one instrument between two times, in about <paramref name="buckets"/> steps per series: gauges and sums as
    /// their mean value per step; histograms as the mean recorded value per step (the change of sum over the change of count,
    /// which works for cumulative and delta exports alike when points are consecutive).
    /// </summary>
    public async Task<MetricChart?> GetMetricChartAsync(string name, string? service, DateTimeOffset from, DateTimeOffset to, int buckets, int maxSeries, CancellationToken cancellationToken)
    {
        await using var meta = dataSource.CreateCommand(
            "SELECT kind, unit, description FROM metric_instruments WHERE name = $1 AND ($2::text IS NULL OR service = $2) ORDER BY last_seen DESC LIMIT 1");
        meta.Parameters.Add(new NpgsqlParameter { Value = name });
        meta.Parameters.Add(new NpgsqlParameter { Value = (object?)service ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        short kind;
        string unit, description;
        await using (var reader = await meta.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            kind = reader.GetInt16(0);
            unit = reader.GetString(1);
            description = reader.GetString(2);
        }

        var step = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (to - from).Ticks / Math.Max(1, buckets)));
        var isNumber = kind is MetricKinds.Gauge or MetricKinds.Sum;
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT service, attributes::text, date_bin($1, time, $2) AS bucket,
                   {(isNumber ? "avg(value), 0::float8" : "max(sum), max(count)::float8")}
            FROM metric_points
            WHERE name = $3 AND time >= $2 AND time <= $4 {(service is null ? "" : "AND service = $5")}
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = step });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        if (service is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = service });
        }
        var series = new Dictionary<(string, string), List<(DateTimeOffset Time, double A, double B)>>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!series.TryGetValue(key, out var points))
                {
                    series[key] = points = [];
                }
                points.Add((new DateTimeOffset(reader.GetFieldValue<DateTime>(2)), reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3), reader.IsDBNull(4) ? 0 : reader.GetDouble(4)));
            }
        }

        var result = new List<MetricSeries>();
        foreach (var ((seriesService, attributes), points) in series.OrderByDescending(s => s.Value.Count).Take(maxSeries))
        {
            var plotted = new List<MetricPoint>(points.Count);
            for (var i = 0; i < points.Count; i++)
            {
                if (isNumber)
                {
                    plotted.Add(new MetricPoint(points[i].Time, points[i].A));
                    continue;
                }
                // Histograms: the mean of what was recorded in this step.
                var (sum, count) = (points[i].A, points[i].B);
                if (i > 0 && count >= points[i - 1].B && sum >= points[i - 1].A)
                {
                    var deltaCount = count - points[i - 1].B;
                    if (deltaCount > 0)
                    {
                        plotted.Add(new MetricPoint(points[i].Time, (sum - points[i - 1].A) / deltaCount));
                    }
                }
                else if (i == 0 && count > 0 && points.Count == 1)
                {
                    plotted.Add(new MetricPoint(points[i].Time, sum / count));
                }
            }
            result.Add(new MetricSeries(seriesService, attributes, plotted));
        }
        return new MetricChart(name, MetricKinds.Name(kind), unit, description, isNumber ? "mean value per step" : "mean recorded value per step", result);
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return "$" + command.Parameters.Count;
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
