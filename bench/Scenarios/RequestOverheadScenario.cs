using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reference.Hosting.Testing;

namespace Reference.Bench.Scenarios;

// Where a service's per-request time goes: the same constant GET at 1,000 requests/s, open loop, against the bare
// endpoint in a process of its own (slim host: the floor), then the full default host, then ServiceDefaults piece by
// piece and whole, with the runtime settings the services run with (server GC, Development), then the model
// registry's anonymous /alive and OpenAPI document and authenticated GET of one model. Callers of authenticated kinds send a valid token,
// as serving does: an invalid one would time the token-rejection path instead. The in-process bare endpoint is a detail.
// All servers run at once and are measured in short alternating windows, so that the load other work puts on the
// shared machine falls on every variant alike instead of on whichever ran during a busy minute.
public sealed class RequestOverheadScenario : IBenchScenario
{
    private const string SigningKey = "model-registry-bench-signing-key-0123456789-0123456789-abcdefghij";
    private const int Rate = 1_000;
    private const int WindowRequests = 500;

    public string Name => "request-overhead";

    public string Description => "one GET at 1,000 rps: bare own process (floor), full host, ServiceDefaults piece by piece, GC/environment, registry";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rounds = context.Quick ? 6 : 20;
        var bareToken = PlatformTokens.Create(BareServerProcess.SigningKey, "service", "bench", "restricted");
        var targets = new List<(string Label, HttpClient Client, string Path)>();
        var owned = new List<IAsyncDisposable>();
        try
        {
            // Receives what the "export" variants send, so that exporting costs what it costs against a live receiver.
            var otlpSink = await BareEndpoint.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                await http.Request.Body.CopyToAsync(Stream.Null);
                http.Response.ContentType = "application/x-protobuf";
            }));
            owned.Add(otlpSink);

            foreach (var (label, kind, environment) in Variants(otlpSink.Urls.First()))
            {
                var server = await BareServerProcess.StartAsync(kind, environment);
                owned.Add(server);
                targets.Add(($"own process: {label}", Client(server.Url, bareToken), "/constant"));
            }

            var inProcess = await BareEndpoint.StartAsync(app => app.MapGet("/constant", (HttpContext http) =>
            {
                http.Response.ContentType = "application/json";
                return http.Response.Body.WriteAsync(BareServerProcess.ConstantBody).AsTask();
            }));
            owned.Add(inProcess);
            targets.Add(("bare, in the bench process", Client(inProcess.Urls.First(), bareToken), "/constant"));

            context.Progress("starting PostgreSQL and the model registry");
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Reference_ModelRegistry>([$"--Parameters:auth-signing-key={SigningKey}"], cancellationToken);
            builder.KeepOnly("model-registry");
            var app = await builder.BuildAsync();
            owned.Add(app);
            await app.StartAsync(cancellationToken);
            var registry = Client(app.GetEndpoint("model-registry"), PlatformTokens.Create(SigningKey, "ml-engineer", "bench", "restricted"));
            (await registry.PostAsJsonAsync("/api/models", new { name = "overhead-model" }, cancellationToken)).EnsureSuccessStatusCode();
            targets.Add(("registry /alive", registry, "/alive"));
            targets.Add(("registry GET /api/models/{name}", registry, "/api/models/overhead-model"));
            // Anonymous and once rebuilt for every request; now built once and replayed.
            targets.Add(("registry GET /openapi/v1.json", registry, "/openapi/v1.json"));

            var latencies = await MeasureInterleavedAsync(context, targets, rounds, cancellationToken);
            var floor = (targets[0].Label, Latencies: latencies[0]);
            return targets.Select((target, i) => (target.Label, Latencies: latencies[i])).SelectMany(run => new[]
            {
                new BenchResult($"{run.Label} p50", "ms", Statistics.Percentile(run.Latencies, 50), Statistics.Percentile(floor.Latencies, 50), run.Label, floor.Label),
                new BenchResult($"{run.Label} p99", "ms", Statistics.Percentile(run.Latencies, 99), Statistics.Percentile(floor.Latencies, 99), run.Label, floor.Label),
            }).ToList();
        }
        finally
        {
            foreach (var target in targets.DistinctBy(t => t.Client))
            {
                target.Client.Dispose();
            }
            owned.Reverse();
            foreach (var resource in owned)
            {
                await resource.DisposeAsync();
            }
        }
    }

    private static IEnumerable<(string Label, string Kind, Dictionary<string, string> Environment)> Variants(string otlpEndpoint)
    {
        var production = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning" };
        Dictionary<string, string> With(params (string Key, string Value)[] settings)
        {
            var environment = new Dictionary<string, string>(production);
            foreach (var (key, value) in settings)
            {
                environment[key] = value;
            }
            return environment;
        }
        var all = new (string Label, string Kind, Dictionary<string, string> Environment)[]
        {
            ("slim", "slim", []),
            ("full host, logs at Warning", "full", production),
            ("full + auth (JWT, fallback policy)", "full+auth", production),
            ("full + telemetry, no export", "full+telemetry", production),
            ("full + telemetry, OTLP export", "full+telemetry", With(("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint))),
            ("+ServiceDefaults", "defaults", production),
            ("+ServiceDefaults, OTLP export", "defaults", With(("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint))),
            ("+ServiceDefaults, Development", "defaults", With(("ASPNETCORE_ENVIRONMENT", "Development"))),
            ("+ServiceDefaults, server GC", "defaults", With(("DOTNET_gcServer", "1"))),
            ("+ServiceDefaults, server GC, Development (as services run)", "defaults", With(("DOTNET_gcServer", "1"), ("ASPNETCORE_ENVIRONMENT", "Development"))),
            ("+ServiceDefaults, server GC, non-concurrent", "defaults", With(("DOTNET_gcServer", "1"), ("DOTNET_gcConcurrent", "0"))),
            ("+ServiceDefaults, TieredPGO off", "defaults", With(("DOTNET_TieredPGO", "0"))),
        };
        // BENCH_OVERHEAD_ONLY=word,word keeps the variants whose label contains one of the words (slim, the floor, always runs).
        var only = Environment.GetEnvironmentVariable("BENCH_OVERHEAD_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return all.Where(v => only is null || v.Kind == "slim" || only.Any(word => v.Label.Contains(word, StringComparison.OrdinalIgnoreCase)));
    }

    // Warms every target, then measures them in turn, WindowRequests at a time, for the given number of rounds; the
    // order rotates each round so that no variant always follows the same neighbour.
    private static async Task<List<double>[]> MeasureInterleavedAsync(BenchContext context, List<(string Label, HttpClient Client, string Path)> targets, int rounds, CancellationToken cancellationToken)
    {
        foreach (var (label, client, path) in targets)
        {
            context.Progress($"warming {label}");
            for (var i = 0; i < 2_000; i++)
            {
                using var response = await client.GetAsync(path, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }
        var latencies = targets.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            context.Progress($"round {round + 1}/{rounds}: {WindowRequests} requests at {Rate} rps against each of {targets.Count} targets");
            for (var k = 0; k < targets.Count; k++)
            {
                var t = (k + round) % targets.Count;
                var (_, client, path) = targets[t];
                latencies[t].AddRange(await OpenLoop.RunRequestsAsync(async _ =>
                {
                    using var response = await client.GetAsync(path, cancellationToken);
                    response.EnsureSuccessStatusCode();
                }, Rate, WindowRequests, cancellationToken));
            }
        }
        return latencies;
    }

    private static HttpClient Client(string baseAddress, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(baseAddress) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
