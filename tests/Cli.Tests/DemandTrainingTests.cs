using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Cli.Tests.Support;

namespace Reference.Cli.Tests;

/// <summary>
/// The demand use case (a regression label) through the CLI's verbs and the real training runner: apply, ingest a
/// small sample, materialize, train. Its version carries regression metrics, and its gate (rmse at most 7.0) decides
/// whether the runner asks for the version's promotion.
/// </summary>
public sealed class DemandTrainingTests(TrainingPlatformFixture platform) : IClassFixture<TrainingPlatformFixture>
{
    private const string Model = "demand-forecaster";
    private const int SampleRows = 3000;

    [Fact]
    public async Task Demand_trains_to_a_version_with_regression_metrics_that_its_rmse_gate_judges()
    {
        var environment = platform.CliEnvironment();
        var applied = await RunAsync(environment, "apply", "demand");
        Assert.Contains("promotion to champion needs rmse ≤ 7 and one approval", applied);
        // The registry judges later promotions by the same bar: an error metric, lower is better.
        using (var registry = platform.Client("model-registry", "viewer"))
        {
            var policy = await registry.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/promotion-policy");
            var gate = policy.GetProperty("protectedAliases")[0].GetProperty("metricGates")[0];
            Assert.Equal(7.0, gate.GetProperty("max").GetDouble());
            Assert.False(gate.GetProperty("higherIsBetter").GetBoolean(), gate.ToString());
        }
        await RunAsync(environment, "ingest", "demand", "--rows", $"{SampleRows}");
        await RunAsync(environment, "materialize", "demand");
        // Few trees, so that it trains in seconds; a higher learning rate makes up for them.
        var trained = await RunAsync(environment, "train", "demand", "--trees", "30", "--hyperparameter", "learningRate=0.3");

        Assert.Contains($"Registered {Model} version 1 (", trained);
        var metrics = await MetricsAsync(1);
        Assert.Contains("rmse", metrics.Keys);
        Assert.Contains("r2", metrics.Keys);
        Assert.DoesNotContain("auc", metrics.Keys);
        // The generator's signal (level, weekday, price elasticity, promotions) explains most of the variance.
        Assert.True(metrics["rmse"] is > 0 and <= 7.0 && metrics["r2"] >= 0.6, $"rmse {metrics["rmse"]}, r2 {metrics["r2"]}:\n{trained}");
        var requested = Assert.Single(await PromotionsAsync(), p => p.GetProperty("version").GetInt32() == 1);
        Assert.Equal("pending", requested.GetProperty("status").GetString());
        Assert.Equal("champion", requested.GetProperty("alias").GetString());
        var reason = requested.GetProperty("reason").GetString()!;
        Assert.True(reason.Contains($"rmse {Gate(metrics["rmse"])} meets the maximum 7", StringComparison.Ordinal), reason);

        // The same spec with a maximum this data cannot meet: version 2 is registered, and not put up for promotion.
        var strict = Path.Combine(Path.GetTempPath(), $"demand-strict-{Guid.NewGuid():N}.yaml");
        var spec = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "UseCases", "Demand", "usecase.yaml"));
        Assert.Contains("gates: {metric: rmse, max: 7.0,", spec);
        await File.WriteAllTextAsync(strict, spec.Replace("gates: {metric: rmse, max: 7.0,", "gates: {metric: rmse, max: 0.5,", StringComparison.Ordinal));
        try
        {
            var retrained = await RunAsync(environment, "train", strict, "--trees", "30", "--hyperparameter", "learningRate=0.3");

            Assert.Contains($"Registered {Model} version 2 (", retrained);
            Assert.Contains($"Not requested: rmse {Gate((await MetricsAsync(2))["rmse"])} is above the maximum 0.5", retrained);
            Assert.DoesNotContain(await PromotionsAsync(), p => p.GetProperty("version").GetInt32() == 2);
        }
        finally
        {
            File.Delete(strict);
        }
    }

    private static async Task<string> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var (code, output, error) = await CliRun.RunAsync(environment, args);
        Assert.True(code == 0, $"platform {string.Join(' ', args)} exited with {code}: {error}\n{output}");
        return output;
    }

    private async Task<Dictionary<string, double>> MetricsAsync(int version)
    {
        using var registry = platform.Client("model-registry", "viewer");
        var body = await registry.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/{version}");
        return body.GetProperty("metrics").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetDouble());
    }

    private async Task<List<JsonElement>> PromotionsAsync()
    {
        using var registry = platform.Client("model-registry", "viewer");
        var page = await registry.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/promotions?pageSize=1000");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    // As the runner writes a metric in its gate detail.
    private static string Gate(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
