using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reference.Hosting;
using Reference.Hosting.Testing;
using Reference.Cli.Tests.Support;
using Reference.UseCases.Fraud;

namespace Reference.Cli.Tests;

/// <summary>The fraud loop end to end: `platform up`, run by the AppHost, leaves a champion that both serving APIs score with.</summary>
public sealed class FraudLoopTests(FraudLoopFixture fixture) : IClassFixture<FraudLoopFixture>
{
    private const int SampleRows = FraudLoopFixture.SampleRows;
    private const string Model = "fraud-detector";
    private static readonly string SigningKey = FraudLoopFixture.SigningKey;
    private readonly DistributedApplication app = fixture.App;

    [Fact]
    public async Task Platform_up_ends_with_a_champion_that_both_serving_apis_score_with()
    {
        using var registry = Client("model-registry", "viewer");
        var model = await registry.GetFromJsonAsync<JsonElement>($"/api/models/{Model}");
        Assert.Equal(1, model.GetProperty("aliases").GetProperty("champion").GetInt32());

        for (var replica = 0; replica < 2; replica++)
        {
            using var serving = Client("serving", "viewer", replica);
            await AssertOpenInferenceScoresAsync(serving);
            await AssertEntityScoringAsync(serving, NewestCard());
        }

        // The CLI's own predict verb, against the same platform.
        var (code, output, error) = await CliRun.RunAsync(new Dictionary<string, string> { ["PLATFORM_TOKEN"] = Token("viewer") },
            "predict", Model, "--entity", $"card_id={NewestCard()}", "--endpoint", $"serving={app.GetEndpoint("serving")}");
        Assert.True(code == 0, error);
        Assert.Contains($"\"modelVersion\": 1", output);
    }

    [Fact]
    public async Task Running_up_again_keeps_the_champion_and_trains_nothing()
    {
        // As the AppHost runs it: endpoints and the signing key from the environment.
        var environment = new Dictionary<string, string> { ["Auth__SigningKey"] = SigningKey };
        foreach (var service in new[] { "feature-store", "model-registry", "training-runner" })
        {
            environment[$"services__{service}__http__0"] = app.GetEndpoint(service);
        }

        environment["services__serving__http__0"] = app.GetEndpoint("serving", replica: 0);
        environment["services__serving__http__1"] = app.GetEndpoint("serving", replica: 1);

        var (code, output, error) = await CliRun.RunAsync(environment, "up", "fraud", "--rows", $"{SampleRows}");

        Assert.True(code == 0, error);
        Assert.Contains($"{Model} version 1 is already champion", output);
        Assert.Contains("Serving is ready with fraud-detector on 2 replicas.", output);
        using var registry = Client("model-registry", "viewer");
        var model = await registry.GetFromJsonAsync<JsonElement>($"/api/models/{Model}");
        Assert.Equal(1, model.GetProperty("latestVersion").GetInt32());
    }

    // OIP v2: inputs by feature name, one tensor per feature, built from the model's metadata (names and datatypes).
    private static async Task AssertOpenInferenceScoresAsync(HttpClient serving)
    {
        var metadata = await serving.GetFromJsonAsync<JsonElement>($"/v2/models/{Model}");
        var inputs = new JsonArray();
        foreach (var input in metadata.GetProperty("inputs").EnumerateArray())
        {
            var datatype = input.GetProperty("datatype").GetString();
            JsonNode value = datatype switch
            {
                "BYTES" => "online",
                "BOOL" => true,
                "INT64" or "INT32" => 4,
                _ => 180.5,
            };
            inputs.Add(new JsonObject { ["name"] = input.GetProperty("name").GetString(), ["shape"] = new JsonArray(2), ["datatype"] = datatype, ["data"] = new JsonArray(value, value.DeepClone()) });
        }

        using var response = await serving.PostAsJsonAsync($"/v2/models/{Model}/infer", new JsonObject { ["inputs"] = inputs });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal(Model, answer.GetProperty("model_name").GetString());
        Assert.Equal("1", answer.GetProperty("model_version").GetString());
        var scores = answer.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(s => s.GetDouble()).ToArray();
        Assert.Equal(2, scores.Length);
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
    }

    // Entity scoring: features come from the online store that `platform up` materialized.
    private static async Task AssertEntityScoringAsync(HttpClient serving, string card)
    {
        using var response = await serving.PostAsJsonAsync($"/api/predict/{Model}", new { entities = new Dictionary<string, string[]> { ["card_id"] = [card] } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("results")[0];
        Assert.Equal(card, result.GetProperty("entity").GetProperty("card_id").GetString());
        Assert.Equal(1, result.GetProperty("modelVersion").GetInt32());
        Assert.InRange(result.GetProperty("score").GetDouble(), 0, 1);
        Assert.Empty(result.GetProperty("missingFeatures").EnumerateArray());
    }

    // The card of the sample's newest event: its features are the freshest, well within the view's TTL.
    private static string NewestCard() => FraudSampleData.Generate(SampleRows, seed: 42).Last().CardId;

    private HttpClient Client(string resource, string role, int replica = 0) => fixture.Client(resource, role, replica);

    private static string Token(string role) => FraudLoopFixture.Token(role);
}
