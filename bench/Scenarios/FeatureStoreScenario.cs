using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Reference.FeatureStore.Client;
using Reference.Hosting;
using Reference.Hosting.Testing;
using StackExchange.Redis;

namespace Reference.Bench.Scenarios;

// The feature store's speed targets, each beside a baseline measured in the same run on the same servers:
// - ingestion (NDJSON over HTTP, parsed, typed, binary COPY) vs a bare binary COPY of the same rows from memory;
// - materialization (offline scan + newest-wins Lua writes) vs bare pipelined HSETs of the same rows;
// - historical retrieval: our LATERAL point-in-time query vs the ROW_NUMBER-over-join query shape of Feast's
//   PostgreSQL offline store, same entity table, same database (plus our end-to-end HTTP time), and the other
//   O((N + M) log(N + M)) shapes: a sort-merge in SQL, LATERAL over a covering index, and a streaming merge in C#;
// - online retrieval over HTTP (1 × 50 and 100 × 50 features, open loop) vs one pipelined HMGET straight from Redis.
public sealed class FeatureStoreScenario : IBenchScenario
{
    private const string SigningKey = "feature-store-bench-signing-key-0123456789-0123456789-abcdefghijk";

    public string Name => "feature-store";

    public string Description => "ingest, materialize, PIT join (vs Feast's window query), online p50/p99 (vs raw HMGET)";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var ingestRows = context.Quick ? 100_000 : 1_000_000;
        var historyKeys = context.Quick ? 20_000 : 200_000;
        var historyRows = historyKeys * 10;
        var entityRows = context.Quick ? 100_000 : 1_000_000;
        var onlineSeconds = context.Quick ? 3 : 10;
        var results = new List<BenchResult>();

        context.Progress("starting PostgreSQL, Redis and the feature store");
        // The feature store's own topology (as in the AppHost), so that the figures do not depend on other services.
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions { Args = [$"--Parameters:auth-signing-key={SigningKey}"] });
        var signingKey = builder.AddJwtSigningKey();
        var featuresDb = builder.AddPostgres("postgres").AddDatabase("featuresdb");
        var onlineStore = builder.AddRedis("online-store");
        builder.AddProject<Projects.Reference_FeatureStore>("feature-store")
            .WithReference(featuresDb).WaitFor(featuresDb)
            .WithReference(onlineStore).WaitFor(onlineStore)
            .WithJwtSigningKey(signingKey)
            .WithHttpHealthCheck("/health");
        await using var app = await builder.BuildAsync();
        await app.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.GetEndpoint("feature-store")), Timeout = TimeSpan.FromMinutes(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        var db = await app.GetConnectionStringAsync("featuresdb");
        using var redis = await ConnectionMultiplexer.ConnectAsync(await app.GetConnectionStringAsync("online-store"));

        await PutAsync(http, "/api/entities/bench_user", new { joinKeys = new[] { "user_id" } });
        var tenFeatures = Enumerable.Range(0, 10).Select(i => new { name = $"f{i}", type = i % 2 == 0 ? "float64" : "int64" }).ToArray();
        await PutAsync(http, "/api/feature-views/bench_wide", new { entities = new[] { "bench_user" }, ttl = "30d", features = tenFeatures });

        // Ingestion: the same rows over HTTP (NDJSON) and by a bare binary COPY into a twin table.
        var start = DateTime.UtcNow.AddDays(-1);
        context.Progress($"ingesting {ingestRows:N0} rows × 10 features");
        var ndjson = WideRows(ingestRows, start);
        var clock = Stopwatch.StartNew();
        using (var content = new ByteArrayContent(ndjson))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            (await http.PostAsync("/api/feature-views/bench_wide/rows", content, cancellationToken)).EnsureSuccessStatusCode();
        }
        var ingestSeconds = clock.Elapsed.TotalSeconds;
        var copySeconds = await BareCopyAsync(db, ingestRows, start, cancellationToken);
        results.Add(new BenchResult("ingestion rows/s (1M × 10 features)", "rows/s", ingestRows / ingestSeconds, ingestRows / copySeconds,
            "POST NDJSON → parse → binary COPY", "binary COPY from memory, same table shape and index")
        { Details = new Dictionary<string, double> { ["projectSeconds"] = ingestSeconds, ["baselineSeconds"] = copySeconds, ["rows"] = ingestRows } });

        // Materialization of every key (one row per key) vs bare pipelined HSETs of the same values.
        context.Progress("materializing");
        clock.Restart();
        var job = await MaterializeAsync(http, new { views = new[] { "bench_wide" }, start = start.AddDays(-1), end = DateTime.UtcNow }, cancellationToken);
        var materializeSeconds = clock.Elapsed.TotalSeconds;
        var keys = job.GetProperty("rowsDone").GetInt64();
        var hsetSeconds = await BareHsetAsync(redis, (int)keys, cancellationToken);
        results.Add(new BenchResult("materialization keys/s (10 features)", "keys/s", keys / materializeSeconds, keys / hsetSeconds,
            "scan + newest-wins Lua, pipelined", "bare pipelined HSET of the same shape")
        { Details = new Dictionary<string, double> { ["keys"] = keys, ["projectSeconds"] = materializeSeconds, ["baselineSeconds"] = hsetSeconds, ["reportedRowsPerSecond"] = job.GetProperty("rowsPerSecond").GetDouble() } });

        // Historical retrieval.
        context.Progress($"loading {historyRows:N0} rows for the point-in-time join");
        await PutAsync(http, "/api/feature-views/bench_history", new { entities = new[] { "bench_user" }, ttl = "2d", features = new[] { new { name = "a", type = "float64" }, new { name = "b", type = "int64" } } });
        using (var content = new ByteArrayContent(HistoryRows(historyKeys, start)))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            (await http.PostAsync("/api/feature-views/bench_history/rows", content, cancellationToken)).EnsureSuccessStatusCode();
        }
        await using (var analyze = new NpgsqlConnection(db))
        {
            await analyze.OpenAsync(cancellationToken);
            await new NpgsqlCommand("VACUUM ANALYZE fv_bench_history", analyze).ExecuteNonQueryAsync(cancellationToken);
        }
        var random = new Random(7);
        var entities = Enumerable.Range(0, entityRows).Select(_ => (Key: $"u{random.Next(historyKeys)}", At: start.AddMinutes(random.Next(24 * 60)))).ToArray();
        context.Progress($"point-in-time join of {entityRows:N0} entity rows over HTTP");
        clock.Restart();
        long returned;
        using (var content = new ByteArrayContent(HistoricalRequest(entities)))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/historical-features") { Content = content };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            returned = await CountLinesAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
        }
        var httpJoinSeconds = clock.Elapsed.TotalSeconds;
        context.Progress("same join in SQL: LATERAL vs Feast's ROW_NUMBER over a join");
        var (lateral, window, sortMerge, covering, inputOrder, merge) = await CompareJoinQueriesAsync(db, entities, cancellationToken);
        results.Add(new BenchResult($"PIT join {entityRows / 1000}k × {historyRows / 1000}k rows (SQL)", "s", lateral, window,
            "LATERAL lookups in key order (the service's query)", "Feast PostgreSQL: ROW_NUMBER over join")
        {
            Details = new Dictionary<string, double>
            {
                ["endToEndHttpSeconds"] = httpJoinSeconds, ["rowsReturned"] = returned,
                ["sortMergeSqlSeconds"] = sortMerge, ["lateralCoveringIndexSeconds"] = covering, ["lateralInputOrderSeconds"] = inputOrder,
                ["streamingMergeCSharpSeconds"] = merge,
            },
        });
        results.Add(new BenchResult($"PIT join end to end over HTTP", "s", httpJoinSeconds, window,
            "POST /api/historical-features (upload, join, stream NDJSON)", "Feast's query alone, SQL only"));
        results.Add(new BenchResult($"PIT join alternatives (SQL)", "s", sortMerge, lateral,
            "sort-merge as-of join (window carry-forward)", "LATERAL lookups in key order")
        { Details = new Dictionary<string, double> { ["lateralCoveringIndexSeconds"] = covering, ["lateralInputOrderSeconds"] = inputOrder } });
        results.Add(new BenchResult($"PIT join streaming merge in C#", "s", merge, lateral,
            "two index-ordered reads merged in C# (input order not restored)", "LATERAL lookups in key order"));

        // Online retrieval.
        context.Progress("online: 50 features, materializing 10,000 entities");
        await PutAsync(http, "/api/feature-views/bench_online", new { entities = new[] { "bench_user" }, ttl = "30d", features = Enumerable.Range(0, 50).Select(i => new { name = $"o{i}", type = "float64" }).ToArray() });
        using (var content = new ByteArrayContent(OnlineRows(10_000, start)))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            (await http.PostAsync("/api/feature-views/bench_online/rows", content, cancellationToken)).EnsureSuccessStatusCode();
        }
        await MaterializeAsync(http, new { views = new[] { "bench_online" }, start = start.AddDays(-1), end = DateTime.UtcNow }, cancellationToken);
        var features = Enumerable.Range(0, 50).Select(i => $"o{i}").ToArray();
        // HTTP's own share, as a detail: a bare endpoint in a process of its own that parses the same request body.
        await using var bare = await BareServerProcess.StartAsync("slim");
        using var bareHttp = new HttpClient { BaseAddress = new Uri(bare.Url) };
        foreach (var (rows, rate) in new[] { (1, 200), (100, 50) })
        {
            var requests = Enumerable.Range(0, 64).Select(r => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                features = features.Select(f => "bench_online:" + f),
                entities = new { user_id = Enumerable.Range(0, rows).Select(i => $"u{((r * 131) + (i * 97)) % 10_000}") },
            }))).ToArray();
            var reader = new OnlineFeatureReader(redis);
            var reads = Enumerable.Range(0, 64).Select(r => new OnlineViewRead("bench_online", features, null,
                Enumerable.Range(0, rows).Select(i => OnlineStoreLayout.Key("bench_online", $"u{((r * 131) + (i * 97)) % 10_000}")).ToArray())).ToArray();
            for (var i = 0; i < 200; i++)
            {
                await PostOnlineAsync(http, requests[i % 64], cancellationToken);
                await reader.ReadAsync([reads[i % 64]]);
            }
            context.Progress($"online {rows} × 50 at {rate} rps, {onlineSeconds} s each");
            var viaHttp = await OpenLoop.RunAsync(i => PostOnlineAsync(http, requests[i % 64], cancellationToken), rate, onlineSeconds, cancellationToken);
            var floor = await OpenLoop.RunAsync(i => reader.ReadAsync([reads[i % 64]]), rate, onlineSeconds, cancellationToken);
            for (var i = 0; i < 200; i++)
            {
                await PostAsync(bareHttp, "/parse", requests[i % 64], cancellationToken);
            }
            var bareLatencies = await OpenLoop.RunAsync(i => PostAsync(bareHttp, "/parse", requests[i % 64], cancellationToken), rate, onlineSeconds, cancellationToken);
            foreach (var percentile in new[] { 50, 99 })
            {
                results.Add(new BenchResult($"online {rows}×50 p{percentile} at {rate} rps", "ms",
                    Statistics.Percentile(viaHttp, percentile), Statistics.Percentile(floor, percentile),
                    "POST /api/online-features", "pipelined HMGET straight from Redis")
                {
                    Details = new Dictionary<string, double>
                    {
                        ["requests"] = viaHttp.Count,
                        ["bareHttpParseP50Ms"] = Statistics.Percentile(bareLatencies, 50),
                        ["bareHttpParseP99Ms"] = Statistics.Percentile(bareLatencies, 99),
                    },
                });
            }
        }
        return results;
    }

    private static Task PostOnlineAsync(HttpClient http, byte[] body, CancellationToken cancellationToken) =>
        PostAsync(http, "/api/online-features", body, cancellationToken);

    private static async Task PostAsync(HttpClient http, string path, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(path, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task<JsonElement> MaterializeAsync(HttpClient http, object request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("/api/materialize", JsonContent(request), cancellationToken);
        response.EnsureSuccessStatusCode();
        var location = response.Headers.Location!.ToString();
        while (true)
        {
            var job = JsonDocument.Parse(await http.GetStringAsync(location, cancellationToken)).RootElement;
            switch (job.GetProperty("state").GetString())
            {
                case "succeeded": return job;
                case "failed": throw new InvalidOperationException(job.GetRawText());
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<(double Lateral, double Window, double SortMerge, double Covering, double InputOrder, double Merge)> CompareJoinQueriesAsync(string connectionString, (string Key, DateTime At)[] entities, CancellationToken cancellationToken)
    {
        s_checksum = null;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await new NpgsqlCommand("CREATE TEMP TABLE pit_entity_rows (ord bigint NOT NULL, ts timestamptz NOT NULL, vals text[], raw text NOT NULL)", connection).ExecuteNonQueryAsync(cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync("COPY pit_entity_rows (ord, ts, vals, raw) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < entities.Length; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync((long)i, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(entities[i].At, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(new[] { entities[i].Key }, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync("{}", NpgsqlDbType.Text, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await new NpgsqlCommand("ANALYZE pit_entity_rows", connection).ExecuteNonQueryAsync(cancellationToken);
        // A table other sessions can read, for the streaming merge on its own connections.
        await new NpgsqlCommand("DROP TABLE IF EXISTS bench_pit_entities; CREATE TABLE bench_pit_entities AS SELECT ord, ts, vals[1] AS k FROM pit_entity_rows; ANALYZE bench_pit_entities", connection) { CommandTimeout = 0 }
            .ExecuteNonQueryAsync(cancellationToken);

        // The service's query (PointInTimeJoin.BuildQuery) for one view with a TTL: entity rows visited in key order.
        const string lateral = """
            SELECT e.ord, e.raw, v0.event_timestamp, v0."a", v0."b" FROM (SELECT * FROM pit_entity_rows ORDER BY vals[1], ts OFFSET 0) e
            LEFT JOIN LATERAL (
                SELECT f.event_timestamp, f."a", f."b" FROM "fv_bench_history" f
                WHERE f."user_id" = e.vals[1] AND f.event_timestamp <= e.ts AND f.event_timestamp >= e.ts - interval '2 days'
                ORDER BY f.event_timestamp DESC, f.created_timestamp DESC LIMIT 1) v0 ON true
            ORDER BY e.ord
            """;
        // The shape of Feast's PostgreSQL offline store query: join on key and time window, ROW_NUMBER per entity row, keep 1.
        const string window = """
            WITH joined AS (
                SELECT e.ord, f.event_timestamp, f."a", f."b",
                       ROW_NUMBER() OVER (PARTITION BY e.ord ORDER BY f.event_timestamp DESC, f.created_timestamp DESC) AS rn
                FROM pit_entity_rows e
                JOIN "fv_bench_history" f ON f."user_id" = e.vals[1] AND f.event_timestamp <= e.ts AND f.event_timestamp >= e.ts - interval '2 days')
            SELECT e.ord, e.raw, j.event_timestamp, j."a", j."b"
            FROM pit_entity_rows e LEFT JOIN joined j ON j.ord = e.ord AND j.rn = 1
            ORDER BY e.ord
            """;
        // The other O((N + M) log(N + M)) candidate: a sort-merge as-of join in SQL. Entity and feature rows are sorted
        // together per key; a running count of feature rows groups each entity row with the newest feature row before it
        // (ties: features first, by created_timestamp), then the TTL is checked.
        const string sortMerge = """
            WITH unioned AS (
                SELECT vals[1] AS k, ts, 1 AS kind, ord, raw, NULL::timestamptz AS fts, NULL::timestamptz AS fct, NULL::double precision AS a, NULL::bigint AS b
                FROM pit_entity_rows
                UNION ALL
                SELECT "user_id", event_timestamp, 0, NULL, NULL, event_timestamp, created_timestamp, "a", "b" FROM "fv_bench_history"),
            grouped AS (
                SELECT *, count(fts) OVER (PARTITION BY k ORDER BY ts, kind, fct ROWS UNBOUNDED PRECEDING) AS grp FROM unioned),
            filled AS (
                SELECT kind, ord, raw, ts, first_value(fts) OVER w AS fts, first_value(a) OVER w AS a, first_value(b) OVER w AS b
                FROM grouped WINDOW w AS (PARTITION BY k, grp ORDER BY kind))
            SELECT ord, raw,
                   CASE WHEN fts >= ts - interval '2 days' THEN fts END,
                   CASE WHEN fts >= ts - interval '2 days' THEN a END,
                   CASE WHEN fts >= ts - interval '2 days' THEN b END
            FROM filled WHERE kind = 1 ORDER BY ord
            """;
        // The same LATERAL lookups in input order: each lookup lands on an unrelated index and heap page.
        var lateralInputOrder = lateral.Replace("FROM (SELECT * FROM pit_entity_rows ORDER BY vals[1], ts OFFSET 0) e", "FROM pit_entity_rows e", StringComparison.Ordinal);
        var inputOrderSeconds = await TimeQueryAsync(connection, lateralInputOrder, cancellationToken);
        var lateralSeconds = await TimeQueryAsync(connection, lateral, cancellationToken);
        var windowSeconds = await TimeQueryAsync(connection, window, cancellationToken);
        var sortMergeSeconds = await TimeQueryAsync(connection, sortMerge, cancellationToken);

        // LATERAL again with a covering index (features INCLUDEd), so that each lookup is an index-only scan.
        await new NpgsqlCommand("""CREATE INDEX bench_history_covering ON "fv_bench_history" ("user_id", event_timestamp, created_timestamp) INCLUDE ("a", "b")""", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync(cancellationToken);
        await new NpgsqlCommand("""VACUUM ANALYZE "fv_bench_history" """, connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync(cancellationToken);
        var coveringSeconds = await TimeQueryAsync(connection, lateral, cancellationToken);
        await new NpgsqlCommand("DROP INDEX bench_history_covering", connection).ExecuteNonQueryAsync(cancellationToken);
        var (mergeSeconds, mergeRows, mergeChecksum) = await StreamingAsOfMerge.RunAsync(connectionString, TimeSpan.FromDays(2), cancellationToken);
        if (s_checksum != (mergeRows, mergeChecksum))
        {
            throw new InvalidOperationException($"The streaming merge disagrees with the SQL variants: {s_checksum} vs {(mergeRows, mergeChecksum)}");
        }
        return (lateralSeconds, windowSeconds, sortMergeSeconds, coveringSeconds, inputOrderSeconds, mergeSeconds);
    }

    // Times reading every row; a checksum of (ord, b) proves that the variants return the same answer.
    private static async Task<double> TimeQueryAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0, checksum = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            checksum += reader.IsDBNull(4) ? -reader.GetInt64(0) : reader.GetInt64(0) * (1 + reader.GetInt64(4));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        if (s_checksum is { } expected && expected != (rows, checksum))
        {
            throw new InvalidOperationException($"Point-in-time join variants disagree: {expected} vs {(rows, checksum)} for{Environment.NewLine}{sql}");
        }
        s_checksum = (rows, checksum);
        return seconds;
    }

    private static (long Rows, long Checksum)? s_checksum;

    private static async Task<double> BareCopyAsync(string connectionString, int rows, DateTime start, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var columns = string.Concat(Enumerable.Range(0, 10).Select(i => $", f{i} {(i % 2 == 0 ? "double precision" : "bigint")}"));
        await new NpgsqlCommand($"CREATE TABLE bench_copy (user_id text NOT NULL, event_timestamp timestamptz NOT NULL, created_timestamp timestamptz NOT NULL{columns}); CREATE INDEX ON bench_copy (user_id, event_timestamp, created_timestamp)", connection).ExecuteNonQueryAsync(cancellationToken);
        var keys = Enumerable.Range(0, rows).Select(i => $"u{i}").ToArray();
        var clock = Stopwatch.StartNew();
        await using (var importer = await connection.BeginBinaryImportAsync("COPY bench_copy FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < rows; i++)
            {
                importer.StartRow();
                importer.Write(keys[i], NpgsqlDbType.Text);
                importer.Write(start.AddSeconds(i % 86_000), NpgsqlDbType.TimestampTz);
                importer.Write(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                for (var f = 0; f < 10; f++)
                {
                    if (f % 2 == 0)
                    {
                        importer.Write(i * 0.5 + f, NpgsqlDbType.Double);
                    }
                    else
                    {
                        importer.Write((long)(i + f), NpgsqlDbType.Bigint);
                    }
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await new NpgsqlCommand("DROP TABLE bench_copy", connection).ExecuteNonQueryAsync(cancellationToken);
        return seconds;
    }

    private static async Task<double> BareHsetAsync(ConnectionMultiplexer redis, int keys, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var clock = Stopwatch.StartNew();
        var inFlight = new Queue<Task>();
        for (var start = 0; start < keys; start += 2000)
        {
            var batch = database.CreateBatch();
            var tasks = new List<Task>(2000);
            for (var i = start; i < Math.Min(keys, start + 2000); i++)
            {
                var fields = new HashEntry[12];
                fields[0] = new HashEntry("_ts", 1_700_000_000_000_000L + i);
                fields[1] = new HashEntry("_ct", 0);
                for (var f = 0; f < 10; f++)
                {
                    fields[2 + f] = new HashEntry($"f{f}", f % 2 == 0 ? (i * 0.5 + f).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : (i + f).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                tasks.Add(batch.HashSetAsync($"bench:hset:{i}", fields));
                tasks.Add(batch.KeyExpireAsync($"bench:hset:{i}", TimeSpan.FromDays(30)));
            }
            batch.Execute();
            inFlight.Enqueue(Task.WhenAll(tasks));
            if (inFlight.Count >= 4)
            {
                await inFlight.Dequeue();
            }
        }
        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }
        cancellationToken.ThrowIfCancellationRequested();
        return clock.Elapsed.TotalSeconds;
    }

    private static byte[] WideRows(int rows, DateTime start)
    {
        var text = new StringBuilder(rows * 200);
        for (var i = 0; i < rows; i++)
        {
            text.Append("{\"user_id\":\"u").Append(i).Append("\",\"event_timestamp\":\"").Append(start.AddSeconds(i % 86_000).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")).Append('"');
            for (var f = 0; f < 10; f++)
            {
                text.Append(",\"f").Append(f).Append("\":");
                if (f % 2 == 0)
                {
                    text.Append((i * 0.5 + f).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(i + f);
                }
            }
            text.Append("}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] HistoryRows(int keys, DateTime start)
    {
        var random = new Random(3);
        var text = new StringBuilder(keys * 10 * 90);
        for (var k = 0; k < keys; k++)
        {
            for (var r = 0; r < 10; r++)
            {
                text.Append("{\"user_id\":\"u").Append(k).Append("\",\"event_timestamp\":\"")
                    // Distinct times per key (no exact ties), spread over two days, so every variant has one right answer.
                    .Append(start.AddMinutes((-24 * 60) + (r * 288) + random.Next(288)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))
                    .Append("\",\"a\":").Append(random.Next(1000) / 8.0).Append(",\"b\":").Append(r).Append("}\n");
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] OnlineRows(int keys, DateTime start)
    {
        var text = new StringBuilder();
        for (var k = 0; k < keys; k++)
        {
            text.Append("{\"user_id\":\"u").Append(k).Append("\",\"event_timestamp\":\"").Append(start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")).Append('"');
            for (var f = 0; f < 50; f++)
            {
                text.Append(",\"o").Append(f).Append("\":").Append((k * 0.25 + f).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
            text.Append("}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] HistoricalRequest((string Key, DateTime At)[] entities)
    {
        var text = new StringBuilder(entities.Length * 70);
        text.Append("{\"features\":[\"bench_history:a\",\"bench_history:b\"],\"entityRows\":[");
        for (var i = 0; i < entities.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append("{\"user_id\":\"").Append(entities[i].Key).Append("\",\"event_timestamp\":\"").Append(entities[i].At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")).Append("\",\"label\":").Append(i % 2).Append('}');
        }
        text.Append("]}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<long> CountLinesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return lines;
    }

    private static async Task PutAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PutAsync(path, JsonContent(body));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string Token()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Encode("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "bench", ["role"] = "admin", ["clearance"] = "restricted", ["iss"] = "reference-platform", ["aud"] = "reference-platform",
            ["iat"] = now - 60, ["nbf"] = now - 60, ["exp"] = now + 7200,
        }));
        return header + "." + payload + "." + Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), Encoding.ASCII.GetBytes(header + "." + payload)));
    }
}
