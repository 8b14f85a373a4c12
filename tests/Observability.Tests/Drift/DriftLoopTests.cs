using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Reference.Learning.Data;
using Reference.Observability.Tests.Ingest;
using Reference.Observability.Tests.Support;

namespace Reference.Observability.Tests.Drift;

// The loop end to end: a version registered with its training profile, samples from serving, the drift monitor, the
// stored result, and the retrain trigger sent to the training runner.
[Collection(ObservabilityCollection.Name)]
public sealed class DriftLoopTests(ObservabilityFixture fixture)
{
    [Fact]
    public async Task A_drifted_model_is_stored_as_drifted_and_triggers_one_retrain_per_cooldown()
    {
        var model = await RegisterAsync("drifting");
        Assert.Equal(HttpStatusCode.OK, (await PostSamplesAsync(model, 300, amountShift: 1.0, channelMix: true, seed: 1)).StatusCode);

        var trigger = await Eventually.ReturnsAsync(async () =>
        {
            var triggers = await GetJsonAsync($"/api/drift/triggers?model={model}");
            return triggers.GetArrayLength() > 0 ? (object)triggers[0].Clone() : null;
        }, "the retrain trigger");
        var first = (JsonElement)trigger;
        Assert.Equal("sent", first.GetProperty("status").GetString());
        Assert.Contains("amount", first.GetProperty("reason").GetString());
        var received = Assert.Single(fixture.TrainingRunner!.Received, r => r.Model == model);
        Assert.Contains("channel", received.Reason);
        Assert.StartsWith("Bearer ", received.Authorization);
        Assert.False(string.IsNullOrEmpty(received.IdempotencyKey));

        var latest = (await GetJsonAsync("/api/drift")).EnumerateArray().Single(r => r.GetProperty("report").GetProperty("model").GetString() == model);
        var report = latest.GetProperty("report");
        Assert.True(report.GetProperty("drifted").GetBoolean());
        var amount = report.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "amount");
        Assert.Equal("ks", amount.GetProperty("test").GetString());
        Assert.True(amount.GetProperty("drifted").GetBoolean());

        // Later evaluations still find drift, but the cooldown (1 h in the fixture) allows no second trigger.
        var evaluatedAt = latest.GetProperty("evaluatedAt").GetDateTimeOffset();
        await Eventually.TrueAsync(async () => (await GetJsonAsync($"/api/drift/{model}/versions/1")).EnumerateArray()
            .Count(r => r.GetProperty("evaluatedAt").GetDateTimeOffset() > evaluatedAt && r.GetProperty("report").GetProperty("drifted").GetBoolean()) >= 2,
            "two more drifted evaluations");
        Assert.Equal(1, (await GetJsonAsync($"/api/drift/triggers?model={model}")).GetArrayLength());
        Assert.Single(fixture.TrainingRunner.Received, r => r.Model == model);

        // The drift share is also a metric, charted like any other.
        var chart = await GetJsonAsync("/api/metrics/reference.observability.drift.share?service=observability");
        Assert.Contains(chart.GetProperty("series").EnumerateArray(), s => s.GetProperty("attributes").GetString()!.Contains(model));
    }

    [Fact]
    public async Task Samples_like_the_training_data_are_evaluated_as_not_drifted_and_trigger_nothing()
    {
        var model = await RegisterAsync("steady");
        Assert.Equal(HttpStatusCode.OK, (await PostSamplesAsync(model, 300, amountShift: 0, channelMix: false, seed: 2)).StatusCode);

        var result = await Eventually.ReturnsAsync(async () =>
        {
            var history = await GetJsonAsync($"/api/drift/{model}/versions/1");
            return history.GetArrayLength() > 0 ? (object)history[0].Clone() : null;
        }, "a drift evaluation");
        Assert.False(((JsonElement)result).GetProperty("report").GetProperty("drifted").GetBoolean());
        Assert.Equal(300, ((JsonElement)result).GetProperty("report").GetProperty("liveRows").GetInt32());
        Assert.Equal(0, (await GetJsonAsync($"/api/drift/triggers?model={model}")).GetArrayLength());
    }

    [Fact]
    public async Task Bad_samples_are_400_per_field_and_store_nothing_and_a_retried_batch_is_stored_once()
    {
        var model = OtlpIngestTests.Unique("samples");
        var client = fixture.Client("service");
        var bad = await client.PostAsync("/api/predictions", Json($$$"""
            [{"model":"{{{model}}}","version":1,"timestamp":"2026-01-01T00:00:00Z","features":{"amount":1}},
             {"model":"{{{model}}}","version":0,"timestamp":"yesterday","features":[1]}]
            """));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("[1].version", out _));
        Assert.True(errors.TryGetProperty("[1].timestamp", out _));
        Assert.True(errors.TryGetProperty("[1].features", out _));
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM prediction_samples WHERE model = $1", model));

        var body = $$$"""[{"model":"{{{model}}}","version":1,"timestamp":"{{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}}","features":{"amount":1},"outputs":{"score":0.2}}]""";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/predictions") { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", "batch-" + model);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        }
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM prediction_samples WHERE model = $1", model));

        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("viewer").PostAsync("/api/predictions", Json(body))).StatusCode);
    }

    private Task<string> RegisterAsync(string prefix) => RegisterAsync(fixture, prefix);

    internal static async Task<string> RegisterAsync(ObservabilityFixture fixture, string prefix)
    {
        var model = OtlpIngestTests.Unique(prefix);
        var registry = fixture.RegistryClient("ml-engineer");
        var created = await registry.PostAsJsonAsync("/api/models", new { name = model, description = "drift test" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        await UploadVersionAsync(registry, model);
        return model;
    }

    internal static async Task UploadVersionAsync(HttpClient registry, string model)
    {
        var profile = TrainingData.Profile(800, 42);
        var metadata = $$"""{"algorithm":"gbdt","metrics":{"auc":0.9},"dataProfile":{{profile.ToJson()}}}""";
        using var upload = new MultipartFormDataContent();
        var metadataPart = new StringContent(metadata, Encoding.UTF8);
        metadataPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        upload.Add(metadataPart, "metadata");
        var artifact = new ByteArrayContent(RandomBytes(256));
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        upload.Add(artifact, "artifact", "model.bin");
        var version = await registry.PostAsync($"/api/models/{model}/versions", upload);
        Assert.True(version.StatusCode == HttpStatusCode.Created, await version.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostSamplesAsync(string model, int rows, double amountShift, bool channelMix, ulong seed) =>
        PostSamplesAsync(fixture, model, rows, amountShift, channelMix, seed);

    internal static Task<HttpResponseMessage> PostSamplesAsync(ObservabilityFixture fixture, string model, int rows, double amountShift, bool channelMix, ulong seed)
    {
        var random = new SeededRandom(seed);
        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, rows).Select(i => new
        {
            model,
            version = 1,
            timestamp = now.AddSeconds(-i),
            features = TrainingData.Row(random, amountShift, channelMix),
            outputs = new Dictionary<string, double> { ["score"] = 0.5 },
        });
        return fixture.Client("service").PostAsJsonAsync("/api/predictions", samples);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await fixture.Client().GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}

// Without a training runner in the topology the retrain waits as pending (once per cooldown) and is shown as such.
[Collection(NoTrainingRunnerCollection.Name)]
public sealed class PendingRetrainTests(NoTrainingRunnerFixture fixture)
{
    [Fact]
    public async Task A_drifted_model_without_a_training_runner_records_one_pending_trigger()
    {
        var model = await DriftLoopTests.RegisterAsync(fixture, "pending");
        Assert.Equal(HttpStatusCode.OK, (await DriftLoopTests.PostSamplesAsync(fixture, model, 300, 1.0, true, 3)).StatusCode);

        var viewer = fixture.Client();
        var triggers = await Eventually.ReturnsAsync(async () =>
        {
            var list = await viewer.GetFromJsonAsync<JsonElement>($"/api/drift/triggers?model={model}");
            return list.GetArrayLength() > 0 ? (object)list.Clone() : null;
        }, "the pending trigger");
        var trigger = ((JsonElement)triggers)[0];
        Assert.Equal("pending", trigger.GetProperty("status").GetString());
        Assert.Contains("training-runner", trigger.GetProperty("detail").GetString());

        var evaluated = trigger.GetProperty("requestedAt").GetDateTimeOffset();
        await Eventually.TrueAsync(async () => (await viewer.GetFromJsonAsync<JsonElement>($"/api/drift/{model}/versions/1")).EnumerateArray()
            .Count(r => r.GetProperty("evaluatedAt").GetDateTimeOffset() > evaluated) >= 2, "two later evaluations");
        Assert.Equal(1, (await viewer.GetFromJsonAsync<JsonElement>($"/api/drift/triggers?model={model}")).GetArrayLength());
    }
}
