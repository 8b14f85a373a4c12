using Reference.Hosting.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Reference.Serving.Tests.Support;

namespace Reference.Serving.Tests;

[Collection(ServingCollection.Name)]
public sealed class InferenceTests(ServingFixture fixture)
{
    private static readonly string Model = ServingFixture.ScoringModel;

    [Fact]
    public async Task Infer_with_named_tensors_or_one_matrix_scores_as_the_champion_does_and_names_its_version()
    {
        var samples = fixture.Features.Online.Values.Take(3).ToList();
        var rows = samples.Select(FraudFeatures.Row).ToList();
        var expected = rows.Select(r => fixture.ScoringChampion.Score(r)).ToArray();
        using var serving = fixture.Serving();

        var named = await (await serving.InferAsync(Model, ServingCalls.NamedTensors(rows, id: "req-1"))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Model, named["model_name"]!.GetValue<string>());
        Assert.Equal("1", named["model_version"]!.GetValue<string>());
        Assert.Equal("req-1", named["id"]!.GetValue<string>());
        var output = named["outputs"]![0]!;
        Assert.Equal("probability", output["name"]!.GetValue<string>());
        Assert.Equal("FP64", output["datatype"]!.GetValue<string>());
        Assert.Equal(3, output["shape"]![0]!.GetValue<int>());
        AssertScores(expected, output["data"]!.AsArray());

        var matrix = new { inputs = new[] { new { name = "input-0", datatype = "FP64", shape = new[] { 3, 4 }, data = rows.ToArray() } } };
        var fromMatrix = await (await serving.InferAsync(Model, matrix)).ReadJsonAsync(HttpStatusCode.OK);
        AssertScores(expected, fromMatrix["outputs"]![0]!["data"]!.AsArray());

        var pinned = await (await serving.InferAsync(Model, matrix, version: 1)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("1", pinned["model_version"]!.GetValue<string>());
        var missing = await (await serving.InferAsync(Model, matrix, version: 99)).ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Contains("not loaded", missing["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Predict_by_entity_reads_online_features_and_answers_score_version_and_missing_features()
    {
        var known = fixture.Features.Online.Values.Take(2).ToList();
        using var serving = fixture.Serving(replica: 1, clearance: "internal");

        using var response = await serving.PostAsJsonAsync($"/api/predict/{Model}", new { entities = new { card_id = new[] { known[0].CardId, known[1].CardId, "card-nobody" } } });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, body["modelVersion"]!.GetValue<int>());
        var results = body["results"]!.AsArray();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(known[i].CardId, results[i]!["entity"]!["card_id"]!.GetValue<string>());
            Assert.Equal(fixture.ScoringChampion.Score(FraudFeatures.Row(known[i])), results[i]!["score"]!.GetValue<double>(), 9);
            Assert.Equal(1, results[i]!["modelVersion"]!.GetValue<int>());
            Assert.Empty(results[i]!["missingFeatures"]!.AsArray());
            Assert.Null(results[i]!["features"]);
        }
        // An entity the online store does not have: every feature missing, scored with the model's missing-value handling.
        Assert.Equal(4, results[2]!["missingFeatures"]!.AsArray().Count);
        Assert.Equal(fixture.ScoringChampion.Score([double.NaN, double.NaN, double.NaN, double.NaN]), results[2]!["score"]!.GetValue<double>(), 9);

        // Echoing the values needs clearance for the confidential view.
        using var refused = await serving.PostAsJsonAsync($"/api/predict/{Model}", new { entities = new { card_id = new[] { known[0].CardId } }, includeFeatures = true });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("confidential", await refused.Content.ReadAsStringAsync());
        using var cleared = fixture.Serving(clearance: "confidential");
        var echoed = await (await cleared.PostAsJsonAsync($"/api/predict/{Model}", new { entities = new { card_id = new[] { known[0].CardId } }, includeFeatures = true }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var features = echoed["results"]![0]!["features"]!;
        Assert.Equal(known[0].MerchantRisk, features[FraudFeatures.MerchantRisk]!.GetValue<double>());
        Assert.Equal(known[0].Channel, features[FraudFeatures.Channel]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_readiness_and_metadata_follow_the_open_inference_protocol()
    {
        using var anonymous = fixture.App.CreateHttpClient("serving");
        var live = await (await anonymous.GetAsync("/v2/health/live")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(live["live"]!.GetValue<bool>());
        // One configured model has no champion: the server is not ready (4xx), yet /health keeps the process up (Degraded, 200).
        var ready = await (await anonymous.GetAsync("/v2/health/ready")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.False(ready["ready"]!.GetValue<bool>());
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());

        using var serving = fixture.Serving();
        var server = await (await serving.GetAsync("/v2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("reference-serving", server["name"]!.GetValue<string>());
        var untrained = await (await serving.GetAsync($"/v2/models/{ServingFixture.UntrainedModel}/ready")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.False(untrained["ready"]!.GetValue<bool>());
        var notReady = await (await serving.InferAsync(ServingFixture.UntrainedModel, new { inputs = new[] { new { name = "x", datatype = "FP64", shape = new[] { 1 }, data = new[] { 1.0 } } } }))
            .ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("no champion", notReady["error"]!.GetValue<string>());
        var unknown = await (await serving.GetAsync("/v2/models/no-such-model")).ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Contains("not served", unknown["error"]!.GetValue<string>());

        var modelReady = await (await serving.GetAsync($"/v2/models/{Model}/ready")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(modelReady["ready"]!.GetValue<bool>());
        var metadata = await (await serving.GetAsync($"/v2/models/{Model}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Model, metadata["name"]!.GetValue<string>());
        Assert.Equal(["1"], metadata["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("reference-learning-gbdt", metadata["platform"]!.GetValue<string>());
        Assert.Equal(
            [(FraudFeatures.TxnCount, "INT64"), (FraudFeatures.AmountAvg, "FP64"), (FraudFeatures.MerchantRisk, "FP64"), (FraudFeatures.Channel, "BYTES")],
            metadata["inputs"]!.AsArray().Select(i => (i!["name"]!.GetValue<string>(), i["datatype"]!.GetValue<string>())));
        Assert.Equal("probability", metadata["outputs"]![0]!["name"]!.GetValue<string>());

        using var noToken = await anonymous.GetAsync($"/v2/models/{Model}");
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
    }

    [Fact]
    public async Task Scored_rows_are_sampled_to_observability_with_their_version()
    {
        using var serving = fixture.Serving();
        var rows = fixture.Features.Online.Values.Skip(10).Take(5).Select(FraudFeatures.Row).ToList();
        await (await serving.InferAsync(Model, ServingCalls.NamedTensors(rows))).ReadJsonAsync(HttpStatusCode.OK);

        var samples = await PredictionSamples.WaitForAsync(fixture, Model, version: 1, atLeast: 5);
        Assert.Contains(samples, s => s.Contains(FraudFeatures.MerchantRisk, StringComparison.Ordinal) && s.Contains("\"online\"", StringComparison.Ordinal) | s.Contains("\"pos\"", StringComparison.Ordinal) | s.Contains("\"atm\"", StringComparison.Ordinal));
    }

    private static void AssertScores(double[] expected, JsonArray actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]!.GetValue<double>(), 9);
        }
    }
}
