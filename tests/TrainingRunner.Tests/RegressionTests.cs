using System.Text.Json;
using System.Text.Json.Nodes;
using Reference.ModelRegistry.Client;
using Reference.TrainingRunner.Tests.Support;

namespace Reference.TrainingRunner.Tests;

[Collection(TrainingCollection.Name)]
public class RegressionTests(TrainingFixture fixture)
{
    [Fact]
    public async Task A_continuous_label_trains_a_regression_model_with_error_metrics_profile_and_max_gates()
    {
        using (var featureStore = fixture.Client("feature-store", "ml-engineer"))
        {
            await RegressionData.ApplyAsync(featureStore, rows: 600);
        }
        var model = TrainingFixture.UniqueModel("units");
        using var runner = fixture.Runner();

        // Ridge on the linear generating model: the validation error is the noise's (sd 1), so rmse max 2 passes.
        var linear = await RunAsync(runner, model, "linear", new { l2 = 0.001 }, new { metric = "rmse", max = 2.0, maxRegression = 0.5 });
        var metrics = linear["result"]!["metrics"]!.AsObject();
        Assert.Equal(["mae", "r2", "rmse"], metrics.Select(m => m.Key).Order());
        var rmse = metrics["rmse"]!.GetValue<double>();
        Assert.InRange(rmse, 0.6 * RegressionData.NoiseSd, 1.5 * RegressionData.NoiseSd);
        Assert.True(metrics["mae"]!.GetValue<double>() < rmse);
        Assert.True(metrics["r2"]!.GetValue<double>() > 0.9, metrics.ToJsonString());
        var promotion = linear["result"]!["promotion"]!;
        Assert.True(promotion["requested"]!.GetValue<bool>(), promotion.ToJsonString());

        var version = (await fixture.Registry().GetVersionAsync(model, linear["result"]!["version"]!.GetValue<int>()))!;
        Assert.Equal("linear", version.Algorithm);
        Assert.Equal(rmse, version.Metrics!["rmse"], 10);
        var output = Assert.Single(version.Signature!.Outputs!);
        Assert.Equal(("prediction", "float64"), (output.Name, output.Type));
        Assert.Equal(["item_daily__price", "item_daily__promo", "item_daily__region"], version.Signature.Inputs!.Select(i => i.Name));
        Assert.Equal("internal", version.Lineage.Classification);
        using var reader = fixture.Client("model-registry", "viewer", clearance: "internal");
        var profile = JsonNode.Parse(await reader.GetStringAsync($"/api/models/{model}/versions/{version.Version}/data-profile"))!;
        Assert.Equal(3, profile["features"]!.AsArray().Count);
        Assert.Equal(linear["result"]!["trainingRows"]!.GetValue<long>(), profile["rowCount"]!.GetValue<long>());

        // GBDT with the regression objective, held to a maximum no model reaches: registered, challenger, no promotion asked.
        var gbdt = await RunAsync(runner, model, "gbdt", new { objective = "regression", trees = 60, maxDepth = 3, learningRate = 0.2 },
            new { metric = "rmse", max = 0.01 });
        Assert.True(gbdt["result"]!["metrics"]!["rmse"]!.GetValue<double>() < 3 * RegressionData.NoiseSd, gbdt.ToJsonString());
        Assert.Contains("challenger", gbdt["result"]!["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        var refused = gbdt["result"]!["promotion"]!;
        Assert.False(refused["requested"]!.GetValue<bool>());
        Assert.Contains("above the maximum 0.01", refused["detail"]!.GetValue<string>());
        Assert.Equal("gbdt", (await fixture.Registry().GetVersionAsync(model, gbdt["result"]!["version"]!.GetValue<int>()))!.Algorithm);

        // A bad band is refused before anything is queued.
        using var bad = await runner.PostAsync("/api/jobs", System.Net.Http.Json.JsonContent.Create(Request(model, "linear", null, new { metric = "rmse", min = 3.0, max = 2.0 })));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("gates.max", await bad.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> RunAsync(HttpClient runner, string model, string algorithm, object hyperparameters, object gates)
    {
        var id = (await Jobs.SubmitAsync(runner, Request(model, algorithm, hyperparameters, gates)))["id"]!.GetValue<string>();
        var done = await Jobs.WaitAsync(runner, id, j => j.IsFinal());
        Assert.True(done.State() == "Succeeded", done.ToJsonString());
        return done;
    }

    private static JsonObject Request(string model, string algorithm, object? hyperparameters, object gates) => JsonSerializer.SerializeToNode(new
    {
        useCase = "units",
        model,
        featureService = RegressionData.FeatureService,
        labels = new { featureView = RegressionData.LabelView, column = RegressionData.LabelColumn },
        entitySet = RegressionData.EntitySet,
        algorithm,
        hyperparameters,
        validation = new { split = "random", fraction = 0.25 },
        gates,
    })!.AsObject();
}
