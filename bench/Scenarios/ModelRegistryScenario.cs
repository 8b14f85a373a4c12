using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using Reference.Hosting;
using Reference.Hosting.Testing;

namespace Reference.Bench.Scenarios;

// The model registry's speed targets, each beside a baseline measured in the same run:
// alias resolve and GET of one model over HTTP at 1,000 requests/s open loop against a bare endpoint returning constant
// JSON from memory in a process of its own (the registry is one too; the same endpoint inside the bench's process is
// kept as a detail), and a three-tag search over 10,000 models and 100,000 versions against a by-name lookup of one model.
public sealed class ModelRegistryScenario : IBenchScenario
{
    private const string SigningKey = "model-registry-bench-signing-key-0123456789-0123456789-abcdefghij";

    public string Name => "model-registry";

    public string Description => "alias resolve p50/p99 at 1,000 rps vs a bare endpoint; 3-tag search over 10k models/100k versions";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var models = context.Quick ? 1_000 : 10_000;
        var versionsPerModel = 10;
        var seconds = context.Quick ? 3 : 10;

        context.Progress("starting PostgreSQL and the model registry");
        // Any public type of the AppHost assembly selects its topology; "Program" here would be the bench's own.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Reference_ModelRegistry>([$"--Parameters:auth-signing-key={SigningKey}"], cancellationToken);
        builder.KeepOnly("model-registry");
        await using var app = await builder.BuildAsync();
        await app.StartAsync(cancellationToken);

        context.Progress($"seeding {models:N0} models and {models * versionsPerModel:N0} versions");
        await SeedAsync(await app.GetConnectionStringAsync("registrydb"), models, versionsPerModel, cancellationToken);

        await using var bare = await BareServerProcess.StartAsync("slim");
        await using var bareInProcess = await StartBareEndpointAsync();
        using var registry = Client(app.GetEndpoint("model-registry"));
        using var baseline = Client(bare.Url);
        using var inProcessBaseline = Client(bareInProcess.Urls.First());

        const string aliasPath = "/api/models/model-00042/aliases/champion";
        const string barePath = "/constant";
        await WarmUpAsync(registry, aliasPath, cancellationToken);
        for (var i = 0; i < 100; i++)
        {
            await WarmUpAsync(registry, $"/api/models/model-{i:D5}", cancellationToken, requests: 5);
        }
        await WarmUpAsync(baseline, barePath, cancellationToken);
        await WarmUpAsync(inProcessBaseline, barePath, cancellationToken);

        context.Progress($"alias resolve and GET model, open loop at 1,000 rps for {seconds} s each (floors too)");
        var bareLatencies = await OpenLoop.RunAsync(_ => TimeAsync(baseline, barePath, Stopwatch.StartNew(), TimeSpan.Zero, cancellationToken), 1_000, seconds, cancellationToken);
        var inProcessLatencies = await OpenLoop.RunAsync(_ => TimeAsync(inProcessBaseline, barePath, Stopwatch.StartNew(), TimeSpan.Zero, cancellationToken), 1_000, seconds, cancellationToken);
        var aliasLatencies = await OpenLoop.RunAsync(_ => TimeAsync(registry, aliasPath, Stopwatch.StartNew(), TimeSpan.Zero, cancellationToken), 1_000, seconds, cancellationToken);
        // Spread over 100 models, as clients polling the models they serve would; steady state: the warm-up read each.
        var modelLatencies = await OpenLoop.RunAsync(i => TimeAsync(registry, $"/api/models/model-{i % 100:D5}", Stopwatch.StartNew(), TimeSpan.Zero, cancellationToken), 1_000, seconds, cancellationToken);

        context.Progress("search with three tag filters, closed loop");
        var teams = 20;
        var searchLatencies = await ClosedLoopAsync(registry, i => $"/api/models?tag=team:t{i % teams}&tag=tier:gold&tag=region:eu&pageSize=100", 1_000, cancellationToken);
        var getLatencies = await ClosedLoopAsync(registry, i => $"/api/models/model-{i % models:D5}", 1_000, cancellationToken);

        return
        [
            new BenchResult("alias resolve p50 @1000 rps", "ms", Statistics.Percentile(aliasLatencies, 50), Statistics.Percentile(bareLatencies, 50), "GET alias (registry)", "bare constant JSON, own process")
            {
                Details = Details(aliasLatencies, bareLatencies, inProcessLatencies),
            },
            new BenchResult("alias resolve p99 @1000 rps", "ms", Statistics.Percentile(aliasLatencies, 99), Statistics.Percentile(bareLatencies, 99), "GET alias (registry)", "bare constant JSON, own process")
            {
                Details = Details(aliasLatencies, bareLatencies, inProcessLatencies),
            },
            new BenchResult("GET model p50 @1000 rps", "ms", Statistics.Percentile(modelLatencies, 50), Statistics.Percentile(bareLatencies, 50), "GET /api/models/{name} (registry)", "bare constant JSON, own process")
            {
                Details = Details(modelLatencies, bareLatencies, inProcessLatencies),
            },
            new BenchResult("GET model p99 @1000 rps", "ms", Statistics.Percentile(modelLatencies, 99), Statistics.Percentile(bareLatencies, 99), "GET /api/models/{name} (registry)", "bare constant JSON, own process")
            {
                Details = Details(modelLatencies, bareLatencies, inProcessLatencies),
            },
            new BenchResult($"3-tag search p99 ({models / 1000}k models)", "ms", Statistics.Percentile(searchLatencies, 99), Statistics.Percentile(getLatencies, 99), "GET /api/models?tag×3", "GET one model by name")
            {
                Details = new Dictionary<string, double>
                {
                    ["searchP50Ms"] = Statistics.Percentile(searchLatencies, 50),
                    ["getP50Ms"] = Statistics.Percentile(getLatencies, 50),
                    ["models"] = models,
                    ["versions"] = models * versionsPerModel,
                    ["goalP99Ms"] = 50,
                },
            },
        ];
    }

    private static Dictionary<string, double> Details(List<double> project, List<double> baseline, List<double> inProcess) => new()
    {
        ["inProcessBaselineP50Ms"] = Statistics.Percentile(inProcess, 50),
        ["inProcessBaselineP99Ms"] = Statistics.Percentile(inProcess, 99),
        ["projectP50Ms"] = Statistics.Percentile(project, 50),
        ["projectP99Ms"] = Statistics.Percentile(project, 99),
        ["projectMaxMs"] = project.Max(),
        ["baselineP50Ms"] = Statistics.Percentile(baseline, 50),
        ["baselineP99Ms"] = Statistics.Percentile(baseline, 99),
        ["requests"] = project.Count,
    };

    private static async Task<List<double>> ClosedLoopAsync(HttpClient client, Func<int, string> path, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            latencies.Add(await TimeAsync(client, path(i), clock, clock.Elapsed, cancellationToken));
        }
        return latencies;
    }

    private static async Task<double> TimeAsync(HttpClient client, string path, Stopwatch clock, TimeSpan scheduled, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        return (clock.Elapsed - scheduled).TotalMilliseconds;
    }

    private static async Task WarmUpAsync(HttpClient client, string path, CancellationToken cancellationToken, int requests = 500)
    {
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync(path, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    private static HttpClient Client(string baseAddress)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseAddress),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        return client;
    }

    // The in-process detail: the floor's endpoint inside the bench's own process.
    private static Task<WebApplication> StartBareEndpointAsync() =>
        BareEndpoint.StartAsync(app => app.MapGet("/constant", (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.Body.WriteAsync(BareServerProcess.ConstantBody).AsTask();
        }));

    // Seeds straight into the registry's tables (after its migrations ran): 100,000 uploads over HTTP would measure
    // the upload path, not search. Every model has team (20 values), tier (5), region (4) and a unique tag.
    private static async Task SeedAsync(string connectionString, int models, int versionsPerModel, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var sha = new string('b', 64);
        var sql = $$"""
            INSERT INTO artifact_blobs (sha256, size_bytes, store, content_id) VALUES ('{{sha}}', 4, 'postgres', gen_random_uuid());
            INSERT INTO artifact_chunks (content_id, seq, data) SELECT content_id, 0, '\x01020304'::bytea FROM artifact_blobs WHERE sha256 = '{{sha}}';
            INSERT INTO registered_models (name, description, use_case, tags, latest_version, created_by)
            SELECT format('model-%s', lpad(i::text, 5, '0')), 'seeded', 'bench',
                   jsonb_build_object('team', 't' || (i % 20), 'tier', (ARRAY['gold','silver','bronze','iron','tin'])[1 + (i / 20) % 5],
                                      'region', (ARRAY['eu','us','apac','latam'])[1 + (i / 7) % 4], 'serial', i::text),
                   {{versionsPerModel}}, 'bench'
            FROM generate_series(0, {{models - 1}}) AS i;
            INSERT INTO model_versions (model_id, version, tags, metrics, lineage, artifact_sha256, created_by)
            SELECT m.id, v, '{}'::jsonb, jsonb_build_object('auc', 0.8 + v / 100.0), '{"classification":"internal"}'::jsonb, '{{sha}}', 'bench'
            FROM registered_models m CROSS JOIN generate_series(1, {{versionsPerModel}}) AS v;
            INSERT INTO model_aliases (model_id, alias, version, updated_by) SELECT id, 'champion', {{versionsPerModel}}, 'bench' FROM registered_models;
            ANALYZE;
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Token()
    {
        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "bench", ["role"] = "service", ["clearance"] = "restricted", ["iss"] = "reference-platform", ["aud"] = "reference-platform",
            ["iat"] = now - 60, ["nbf"] = now - 60, ["exp"] = now + 3600,
        }));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), Encoding.UTF8.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }
}
