using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reference.FeatureStore.Client;
using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;
using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Trainers;
using StackExchange.Redis;

namespace Reference.Bench.Scenarios;

// Serving's speed targets, each beside a floor measured in the same run:
// - POST /v2/models/{m}/infer for a 20-feature logistic model and a 100-tree GBDT, batch 1 and 64: p50/p99 at
//   500 requests/s open loop, and closed-loop maximum throughput, against a bare ASP.NET Core endpoint that parses the
//   same JSON body and returns a constant, in a process of its own like serving (the same endpoint inside the bench's
//   process is kept as a detail);
// - POST /api/predict/{m} (online features from Redis + score) p99, against the same work in-process: one pipelined
//   HMGET with the feature store's reader and Model.Score.
public sealed class ServingScenario : IBenchScenario
{
    private const string SigningKey = "serving-bench-signing-key-0123456789-0123456789-abcdefghijklmnopq";
    private const string View = "bench_txn";
    private const int Features = 20;
    private const int Rate = 500;

    public string Name => "serving";

    public string Description => "OIP infer p50/p99 @500 rps and max rps (logistic-20, gbdt-100; batch 1/64) vs a bare JSON endpoint; /api/predict p99";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Quick ? 3 : 10;
        var results = new List<BenchResult>();

        context.Progress("training a 20-feature logistic model and a 100-tree GBDT");
        var (logistic, gbdt) = TrainModels();

        context.Progress("starting serving with the registry, feature store, Redis and observability");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Reference_Serving>([$"--Parameters:auth-signing-key={SigningKey}"], cancellationToken);
        builder.KeepOnly("serving");
        var serving = builder.CreateResourceBuilder((ProjectResource)builder.Resources.Single(r => r.Name == "serving"))
            .WithEnvironment("Serving__Models__0__Model", "bench-logistic")
            .WithEnvironment("Serving__Models__1__Model", "bench-gbdt")
            .WithEnvironment("Serving__RetryInterval", "00:00:00.500")
            // Prediction logging is part of serving's cost (default 10 % of rows); BENCH_SERVING_SAMPLE_RATE isolates it.
            .WithEnvironment("Serving__SampleRate", Environment.GetEnvironmentVariable("BENCH_SERVING_SAMPLE_RATE") ?? "0.1");
        // Every request is traced and exported to observability on the same cores by default; OpenTelemetry's own
        // OTEL_TRACES_SAMPLER (e.g. parentbased_traceidratio with OTEL_TRACES_SAMPLER_ARG) shows what sampling saves.
        foreach (var variable in new[] { "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG" })
        {
            if (Environment.GetEnvironmentVariable("BENCH_SERVING_" + variable) is { } value)
            {
                serving.WithEnvironment(variable, value);
            }
        }
        if (builder.Resources.SingleOrDefault(r => r.Name == "training-runner") is ProjectResource runner)
        {
            builder.CreateResourceBuilder(runner).WithEnvironment("Training__RunSchedules", "false");
        }
        await using var app = await builder.BuildAsync();
        await app.StartAsync(cancellationToken);

        using var featureStore = Client(app.GetEndpoint("feature-store"), "ml-engineer");
        using var registry = Client(app.GetEndpoint("model-registry"), "admin");
        var entities = context.Quick ? 1_000 : 10_000;
        await DefineAndPushAsync(featureStore, entities, cancellationToken);
        await RegisterChampionAsync(registry, "bench-logistic", logistic, cancellationToken);
        await RegisterChampionAsync(registry, "bench-gbdt", gbdt, cancellationToken);

        using var client = Client(app.GetEndpoint("serving"), "service");
        await WaitReadyAsync(client, ["bench-logistic", "bench-gbdt"], cancellationToken);
        await using var bare = await BareServerProcess.StartAsync("slim");
        await using var bareInProcess = await StartBareEndpointAsync();
        using var baseline = Client(bare.Url, "service");
        using var inProcessBaseline = Client(bareInProcess.Urls.First(), "service");

        foreach (var (model, label) in new[] { ("bench-logistic", "logistic-20"), ("bench-gbdt", "gbdt-100") })
        {
            foreach (var batch in new[] { 1, 64 })
            {
                var body = InferBody(batch);
                var path = $"/v2/models/{model}/infer";
                context.Progress($"{label} batch {batch}: open loop at {Rate} rps, then closed loop, {seconds} s each (floor too)");
                await WarmUpAsync(client, path, body, cancellationToken);
                await WarmUpAsync(baseline, "/parse", body, cancellationToken);
                await WarmUpAsync(inProcessBaseline, "/parse", body, cancellationToken);
                var floor = await OpenLoopAsync(baseline, "/parse", body, Rate, seconds, cancellationToken);
                var inProcessFloor = await OpenLoopAsync(inProcessBaseline, "/parse", body, Rate, seconds, cancellationToken);
                var served = await OpenLoopAsync(client, path, body, Rate, seconds, cancellationToken);
                var floorMax = await ClosedLoopAsync(baseline, "/parse", body, 32, seconds, cancellationToken);
                var servedMax = await ClosedLoopAsync(client, path, body, 32, seconds, cancellationToken);
                var details = new Dictionary<string, double>
                {
                    ["projectP50Ms"] = Statistics.Percentile(served, 50), ["projectP99Ms"] = Statistics.Percentile(served, 99),
                    ["baselineP50Ms"] = Statistics.Percentile(floor, 50), ["baselineP99Ms"] = Statistics.Percentile(floor, 99),
                    ["inProcessBaselineP50Ms"] = Statistics.Percentile(inProcessFloor, 50), ["inProcessBaselineP99Ms"] = Statistics.Percentile(inProcessFloor, 99),
                    ["requests"] = served.Count, ["batch"] = batch, ["goalP99Ms"] = batch == 1 ? 2 : double.NaN,
                };
                results.Add(new BenchResult($"infer {label} batch {batch} p50 @{Rate} rps", "ms", Statistics.Percentile(served, 50), Statistics.Percentile(floor, 50),
                    $"POST {path}", "bare endpoint, own process: parse same JSON, constant answer") { Details = details });
                results.Add(new BenchResult($"infer {label} batch {batch} p99 @{Rate} rps", "ms", Statistics.Percentile(served, 99), Statistics.Percentile(floor, 99),
                    $"POST {path}", "bare endpoint, own process: parse same JSON, constant answer") { Details = details });
                results.Add(new BenchResult($"infer {label} batch {batch} max throughput", "req/s", servedMax, floorMax,
                    $"POST {path}, 32 concurrent", "bare endpoint, own process, 32 concurrent") { Details = new Dictionary<string, double> { ["goalRatioAtLeast"] = 0.5 } });
            }
        }

        context.Progress($"/api/predict with online features, open loop at {Rate} rps; floor: in-process HMGET + score");
        using var redis = await ConnectionMultiplexer.ConnectAsync(await app.GetConnectionStringAsync("online-store"));
        using var planner = Client(app.GetEndpoint("feature-store"), "service");
        var plan = await new FeatureStoreHttpClient(planner).PlanAsync(Enumerable.Range(0, Features).Select(f => $"{View}:f{f:D2}"), cancellationToken);
        var predicted = await OpenLoopAsync(client, "/api/predict/bench-gbdt", i => "{\"entities\":{\"txn_id\":[\"t" + (i % entities) + "\"]}}", Rate, seconds, cancellationToken);
        var inProcess = await InProcessPredictAsync(new OnlineFeatureReader(redis), plan, gbdt, entities, Rate, seconds, cancellationToken);
        results.Add(new BenchResult($"predict gbdt-100 p99 @{Rate} rps", "ms", Statistics.Percentile(predicted, 99), Statistics.Percentile(inProcess, 99),
            "POST /api/predict (Redis features + score)", "in-process pipelined HMGET + Model.Score")
        {
            Details = new Dictionary<string, double>
            {
                ["projectP50Ms"] = Statistics.Percentile(predicted, 50), ["baselineP50Ms"] = Statistics.Percentile(inProcess, 50), ["goalP99Ms"] = 3,
            },
        });
        return results;
    }

    private static (Model Logistic, Model Gbdt) TrainModels()
    {
        const int rows = 20_000;
        var random = new Random(7);
        var columns = new double[Features][];
        var labels = new double[rows];
        for (var f = 0; f < Features; f++)
        {
            columns[f] = new double[rows];
        }
        for (var r = 0; r < rows; r++)
        {
            var z = -1.0;
            for (var f = 0; f < Features; f++)
            {
                columns[f][r] = random.NextDouble() * 4 - 2;
                z += (f % 3 == 0 ? 0.8 : -0.3) * columns[f][r];
            }
            labels[r] = z + (random.NextDouble() - 0.5) > 0 ? 1 : 0;
        }
        var matrix = FeatureMatrix.FromColumns([.. columns.Select(c => (ReadOnlyMemory<double>)c)], [.. Enumerable.Range(0, Features).Select(f => FeatureInfo.Numeric($"{View}__f{f:D2}"))]);
        var set = new TrainingSet(matrix, labels);
        TrainerCatalog.TryCreate("logistic", null, out var logistic, out _);
        TrainerCatalog.TryCreate("gbdt", new Dictionary<string, object?> { ["trees"] = 100, ["maxDepth"] = 6, ["earlyStoppingRounds"] = 0 }, out var gbdt, out _);
        return (logistic!.Train(set).Model, gbdt!.Train(set).Model);
    }

    private static async Task DefineAndPushAsync(HttpClient featureStore, int entities, CancellationToken cancellationToken)
    {
        (await featureStore.PutAsJsonAsync("/api/entities/txn", new { joinKeys = new[] { "txn_id" } }, cancellationToken)).EnsureSuccessStatusCode();
        (await featureStore.PutAsJsonAsync($"/api/feature-views/{View}", new
        {
            entities = new[] { "txn" }, ttl = "7d", classification = "internal",
            features = Enumerable.Range(0, Features).Select(f => new { name = $"f{f:D2}", type = "float64" }).ToArray(),
        }, cancellationToken)).EnsureSuccessStatusCode();
        var random = new Random(3);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var start = 0; start < entities; start += 1000)
        {
            var rows = Enumerable.Range(start, Math.Min(1000, entities - start)).Select(i =>
            {
                var row = new Dictionary<string, object> { ["txn_id"] = $"t{i}", ["event_timestamp"] = at };
                for (var f = 0; f < Features; f++)
                {
                    row[$"f{f:D2}"] = Math.Round(random.NextDouble() * 4 - 2, 4);
                }
                return row;
            }).ToArray();
            (await featureStore.PostAsJsonAsync($"/api/push/{View}", new { to = "online", rows }, cancellationToken)).EnsureSuccessStatusCode();
        }
    }

    private static async Task RegisterChampionAsync(HttpClient registry, string name, Model model, CancellationToken cancellationToken)
    {
        (await registry.PostAsJsonAsync("/api/models", new { name }, cancellationToken)).EnsureSuccessStatusCode();
        (await registry.PutAsJsonAsync($"/api/models/{name}/promotion-policy", new { protectedAliases = Array.Empty<object>() }, cancellationToken)).EnsureSuccessStatusCode();
        using var content = new MultipartFormDataContent();
        var metadata = new StringContent(JsonSerializer.Serialize(new
        {
            algorithm = model.Algorithm,
            signature = new { inputs = model.Signature.Inputs.Select(i => new { name = i.Name, type = "float64" }), outputs = new[] { new { name = "probability", type = "float64" } } },
            lineage = new { featureViews = new[] { new { name = View, version = 1 } }, classification = "internal" },
        }), Encoding.UTF8, "application/json");
        content.Add(metadata, "metadata");
        var artifact = new ByteArrayContent(ModelArtifact.Serialize(model));
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", "model.bin");
        using var created = await registry.PostAsync($"/api/models/{name}/versions", content, cancellationToken);
        created.EnsureSuccessStatusCode();
        var version = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("version").GetInt32();
        using var alias = new HttpRequestMessage(HttpMethod.Put, $"/api/models/{name}/aliases/champion") { Content = JsonContent.Create(new { version }) };
        alias.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PlatformTokens.Create(SigningKey, "ml-engineer", "bench", "restricted"));
        (await registry.SendAsync(alias, cancellationToken)).EnsureSuccessStatusCode();
    }

    private static async Task WaitReadyAsync(HttpClient serving, string[] models, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        foreach (var model in models)
        {
            while (!(await serving.GetAsync($"/v2/models/{model}/ready", cancellationToken)).IsSuccessStatusCode)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"serving did not load {model}");
                }
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static string InferBody(int batch)
    {
        var random = new Random(batch);
        var inputs = Enumerable.Range(0, Features).Select(f => new
        {
            name = $"{View}__f{f:D2}", datatype = "FP64", shape = new[] { batch },
            data = Enumerable.Range(0, batch).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 6)).ToArray(),
        });
        return JsonSerializer.Serialize(new { id = "bench", inputs });
    }

    private static Task<List<double>> OpenLoopAsync(HttpClient client, string path, string body, int rate, int seconds, CancellationToken cancellationToken) =>
        OpenLoopAsync(client, path, _ => body, rate, seconds, cancellationToken);

    private static Task<List<double>> OpenLoopAsync(HttpClient client, string path, Func<int, string> body, int rate, int seconds, CancellationToken cancellationToken) =>
        OpenLoop.RunAsync(i => PostAsync(client, path, body(i), Stopwatch.StartNew(), TimeSpan.Zero, cancellationToken), rate, seconds, cancellationToken);

    private static async Task<double> ClosedLoopAsync(HttpClient client, string path, string body, int concurrency, int seconds, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        var completed = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < end)
            {
                await PostAsync(client, path, body, clock, clock.Elapsed, cancellationToken);
                Interlocked.Increment(ref completed);
            }
        }));
        return completed / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> PostAsync(HttpClient client, string path, string body, Stopwatch clock, TimeSpan scheduled, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content, cancellationToken);
        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(text)}");
        }
        return (clock.Elapsed - scheduled).TotalMilliseconds;
    }

    private static Task<List<double>> InProcessPredictAsync(OnlineFeatureReader reader, OnlineFeaturePlan plan, Model model, int entities, int rate, int seconds, CancellationToken cancellationToken)
    {
        async Task OneAsync(int i)
        {
            var values = await reader.ReadAsync(plan.ForEntities(new Dictionary<string, string[]> { ["txn_id"] = [$"t{i % entities}"] }));
            Score(values, model);
        }

        return OpenLoop.RunAsync(OneAsync, rate, seconds, cancellationToken);
    }

    private static void Score(OnlineFeatureValues values, Model model)
    {
        Span<double> row = stackalloc double[Features];
        for (var f = 0; f < Features; f++)
        {
            row[f] = values.GetPresentValue(0, 0, f) is { } bytes ? double.Parse(bytes, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
        }
        model.Score(row);
    }

    private static async Task WarmUpAsync(HttpClient client, string path, string body, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // Enough requests for tiered compilation to reach its optimized code on both sides.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                await PostAsync(client, path, body, clock, clock.Elapsed, cancellationToken);
            }
        }));
    }

    private static HttpClient Client(string baseAddress, string role)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseAddress),
            Timeout = TimeSpan.FromMinutes(5),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlatformTokens.Create(SigningKey, role, "bench", "restricted"));
        return client;
    }

    // The in-process detail: the floor's endpoint inside the bench's own process.
    private static Task<WebApplication> StartBareEndpointAsync() =>
        BareEndpoint.StartAsync(app => app.MapPost("/parse", BareServerProcess.ParseAsync));
}
