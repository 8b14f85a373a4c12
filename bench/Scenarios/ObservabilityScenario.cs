extern alias observability;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Npgsql;
using observability::Reference.Observability.Otlp.Collector.Logs;
using observability::Reference.Observability.Otlp.Collector.Trace;
using observability::Reference.Observability.Otlp.Common;
using observability::Reference.Observability.Otlp.Logs;
using observability::Reference.Observability.Otlp.Resource;
using observability::Reference.Observability.Otlp.Trace;
using Reference.Hosting.Testing;

namespace Reference.Bench.Scenarios;

// The observability service's figures, each beside a baseline from the same run:
// OTLP/protobuf ingest throughput (spans/s, log records/s, acknowledged only once committed to PostgreSQL) against
// parsing the same payloads in process without storing them (the floor), and the dashboard's trace search p99 over
// 1,000,000 stored spans against fetching one trace by id.
public sealed class ObservabilityScenario : IBenchScenario
{
    private const string SigningKey = "observability-bench-signing-key-0123456789-0123456789-abcdefghijk";
    private const int ItemsPerRequest = 1_000;
    private const int Concurrency = 8;
    private static readonly string[] Services = ["checkout", "payments", "fraud-scoring", "feature-store", "model-registry", "inventory", "shipping", "search"];

    public string Name => "observability";

    public string Description => "OTLP ingest spans/s and logs/s vs parse-only floor; trace search p99 over 1M spans vs one trace by id";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var requests = context.Quick ? 40 : 200;
        var storedSpans = context.Quick ? 200_000 : 1_000_000;

        context.Progress("starting PostgreSQL and the observability service");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Reference_Observability>([$"--Parameters:auth-signing-key={SigningKey}"], cancellationToken);
        builder.KeepOnly("observability");
        await using var app = await builder.BuildAsync();
        await app.StartAsync(cancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.GetEndpoint("observability")) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());

        var random = new Random(7);
        var tracePayloads = Enumerable.Range(0, 16).Select(_ => Traces(random).ToByteArray()).ToArray();
        var logPayloads = Enumerable.Range(0, 16).Select(_ => Logs(random).ToByteArray()).ToArray();

        context.Progress("parse floor: the same payloads parsed in process, not stored");
        var parseSpans = ParseRate(tracePayloads, requests, p => ExportTraceServiceRequest.Parser.ParseFrom(p));
        var parseLogs = ParseRate(logPayloads, requests, p => ExportLogsServiceRequest.Parser.ParseFrom(p));

        context.Progress($"ingest: {requests} requests × {ItemsPerRequest} spans, then log records, {Concurrency} concurrent senders");
        await PostAsync(client, "/v1/traces", tracePayloads, 8, cancellationToken);
        var (spansPerSecond, spanRetries) = await IngestRateAsync(client, "/v1/traces", tracePayloads, requests, cancellationToken);
        var (logsPerSecond, logRetries) = await IngestRateAsync(client, "/v1/logs", logPayloads, requests, cancellationToken);

        context.Progress($"topping the spans table up to {storedSpans:N0} rows");
        var connectionString = await app.GetConnectionStringAsync("telemetrydb");
        await TopUpSpansAsync(connectionString, storedSpans, cancellationToken);

        context.Progress("trace search, closed loop");
        string[] searches =
        [
            "/api/traces", "/api/traces?service=payments", "/api/traces?status=error", "/api/traces?minDurationMs=900",
            "/api/traces?service=fraud-scoring&status=error", "/api/traces?service=checkout&minDurationMs=500&pageSize=20",
        ];
        var traceIds = await SampleTraceIdsAsync(connectionString, 200, cancellationToken);
        await ClosedLoopAsync(client, i => searches[i % searches.Length], 30, cancellationToken);
        var searchLatencies = await ClosedLoopAsync(client, i => searches[i % searches.Length], context.Quick ? 120 : 600, cancellationToken);
        var byIdLatencies = await ClosedLoopAsync(client, i => $"/api/traces/{traceIds[i % traceIds.Count]}", context.Quick ? 120 : 600, cancellationToken);

        var perSearch = new Dictionary<string, double>();
        for (var s = 0; s < searches.Length; s++)
        {
            perSearch[$"p99Ms {searches[s]}"] = Statistics.Percentile(searchLatencies.Where((_, i) => i % searches.Length == s), 99);
        }
        foreach (var (search, p99) in perSearch)
        {
            context.Progress($"{search}: {p99:0.0}");
        }

        return
        [
            new BenchResult("OTLP ingest spans/s", "spans/s", spansPerSecond, parseSpans, "POST /v1/traces, committed", "protobuf parse only")
            {
                Details = new Dictionary<string, double> { ["requests"] = requests, ["spansPerRequest"] = ItemsPerRequest, ["retriedAfter429"] = spanRetries, ["concurrency"] = Concurrency },
            },
            new BenchResult("OTLP ingest log records/s", "records/s", logsPerSecond, parseLogs, "POST /v1/logs, committed", "protobuf parse only")
            {
                Details = new Dictionary<string, double> { ["requests"] = requests, ["recordsPerRequest"] = ItemsPerRequest, ["retriedAfter429"] = logRetries },
            },
            new BenchResult($"trace search p99 ({storedSpans / 1000:N0}k spans)", "ms", Statistics.Percentile(searchLatencies, 99), Statistics.Percentile(byIdLatencies, 99), "GET /api/traces?filters", "GET one trace by id")
            {
                Details = new Dictionary<string, double>
                {
                    ["searchP50Ms"] = Statistics.Percentile(searchLatencies, 50),
                    ["byIdP50Ms"] = Statistics.Percentile(byIdLatencies, 50),
                    ["storedSpans"] = storedSpans,
                }.Concat(perSearch).ToDictionary(),
            },
        ];
    }

    private static double ParseRate(byte[][] payloads, int requests, Func<byte[], IMessage> parse)
    {
        for (var i = 0; i < 8; i++)
        {
            parse(payloads[i % payloads.Length]);
        }
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            parse(payloads[i % payloads.Length]);
        }
        return requests * (double)ItemsPerRequest / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double PerSecond, int Retries)> IngestRateAsync(HttpClient client, string path, byte[][] payloads, int requests, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var retries = await PostAsync(client, path, payloads, requests, cancellationToken);
        return (requests * (double)ItemsPerRequest / clock.Elapsed.TotalSeconds, retries);
    }

    // Senders behave as OTLP exporters do: on 429 or 503 they wait Retry-After and send again.
    private static async Task<int> PostAsync(HttpClient client, string path, byte[][] payloads, int requests, CancellationToken cancellationToken)
    {
        var next = -1;
        var retries = 0;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                while (true)
                {
                    var content = new ByteArrayContent(payloads[i % payloads.Length]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                    using var response = await client.PostAsync(path, content, cancellationToken);
                    if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref retries);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                        continue;
                    }
                    response.EnsureSuccessStatusCode();
                    break;
                }
            }
        }));
        return retries;
    }

    private static async Task<List<double>> ClosedLoopAsync(HttpClient client, Func<int, string> path, int count, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path(i), cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        return latencies;
    }

    // Server-side generation: traces of 4 to 12 spans over the last 20 hours, a few services, some errors.
    private static async Task TopUpSpansAsync(string connectionString, int target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM spans", connection);
        var missing = target - (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        if (missing > 0)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO spans (trace_id, span_id, parent_span_id, service, name, kind, start_time, end_time, duration_ns, status_code, attributes, resource_attributes)
                SELECT decode(md5('t' || (g / 8)::text), 'hex'), decode(substr(md5('s' || g::text), 1, 16), 'hex'),
                       CASE WHEN g % 8 = 0 THEN NULL ELSE decode(substr(md5('s' || (g - g % 8)::text), 1, 16), 'hex') END,
                       ($2::text[])[1 + (g / 8) % 8], 'GET /api/items/{id}', CASE WHEN g % 8 = 0 THEN 2 ELSE 3 END,
                       now() - make_interval(secs => (g / 8) % 72000) , now() - make_interval(secs => (g / 8) % 72000) + make_interval(secs => ((g * 7919) % 1000) / 1000.0),
                       ((g * 7919) % 1000) * 1000000::bigint, CASE WHEN g % 97 = 0 THEN 2 ELSE 0 END, '{"http.route":"/api/items/{id}"}'::jsonb, '{}'::jsonb
                FROM generate_series(1::bigint, $1::bigint) AS g
                """, connection);
            insert.CommandTimeout = 600;
            insert.Parameters.Add(new NpgsqlParameter { Value = (int)missing });
            insert.Parameters.Add(new NpgsqlParameter { Value = Services });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var analyze = new NpgsqlCommand("ANALYZE spans", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<string>> SampleTraceIdsAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT DISTINCT encode(trace_id, 'hex') FROM (SELECT trace_id FROM spans TABLESAMPLE SYSTEM (1) LIMIT $1 * 4) s LIMIT $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static ExportTraceServiceRequest Traces(Random random)
    {
        var request = new ExportTraceServiceRequest();
        var now = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        foreach (var service in Services.Take(4))
        {
            var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore" } };
            for (var t = 0; t < ItemsPerRequest / 4 / 5; t++)
            {
                var traceId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16));
                var rootId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(8));
                for (var s = 0; s < 5; s++)
                {
                    var start = now - (ulong)random.NextInt64(1_000_000_000L * 3600);
                    scope.Spans.Add(new Span
                    {
                        TraceId = traceId,
                        SpanId = s == 0 ? rootId : ByteString.CopyFrom(RandomNumberGenerator.GetBytes(8)),
                        ParentSpanId = s == 0 ? ByteString.Empty : rootId,
                        Name = s == 0 ? "GET /api/orders/{id}" : "SELECT orders",
                        Kind = s == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
                        StartTimeUnixNano = start,
                        EndTimeUnixNano = start + (ulong)random.NextInt64(100_000, 50_000_000),
                        Status = new Status { Code = random.Next(50) == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
                        Attributes =
                        {
                            Attr("http.request.method", "GET"), Attr("http.route", "/api/orders/{id}"), Attr("url.path", $"/api/orders/{random.Next(100_000)}"),
                            Attr("server.address", "127.0.0.1"), new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } },
                        },
                    });
                }
            }
            request.ResourceSpans.Add(new ResourceSpans { Resource = Resource(service), ScopeSpans = { scope } });
        }
        return request;
    }

    private static ExportLogsServiceRequest Logs(Random random)
    {
        var request = new ExportLogsServiceRequest();
        var now = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        foreach (var service in Services.Take(4))
        {
            var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Orders.Api" } };
            for (var i = 0; i < ItemsPerRequest / 4; i++)
            {
                scope.LogRecords.Add(new LogRecord
                {
                    TimeUnixNano = now - (ulong)random.NextInt64(1_000_000_000L * 3600),
                    SeverityNumber = random.Next(10) == 0 ? SeverityNumber.Warn : SeverityNumber.Info,
                    SeverityText = "Information",
                    Body = new AnyValue { StringValue = $"Order {random.Next(1_000_000)} reserved {random.Next(1, 9)} items in {random.Next(1, 300)} ms" },
                    TraceId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
                    SpanId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(8)),
                    Attributes = { Attr("OrderId", random.Next(1_000_000).ToString()), Attr("{OriginalFormat}", "Order {OrderId} reserved {Count} items in {Elapsed} ms") },
                });
            }
            request.ResourceLogs.Add(new ResourceLogs { Resource = Resource(service), ScopeLogs = { scope } });
        }
        return request;
    }

    private static Resource Resource(string service) => new()
    {
        Attributes = { Attr("service.name", service), Attr("service.instance.id", service + "-0"), Attr("telemetry.sdk.language", "dotnet") },
    };

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static string Token()
    {
        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "bench", ["role"] = "viewer", ["iss"] = "reference-platform", ["aud"] = "reference-platform", ["iat"] = now - 60, ["nbf"] = now - 60, ["exp"] = now + 7200,
        }));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), Encoding.UTF8.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }
}
