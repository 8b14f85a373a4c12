using System.Net;
using Reference.Hosting.Testing;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Reference.TrainingRunner.Tests.Support;

namespace Reference.TrainingRunner.Tests;

[Collection(TrainingCollection.Name)]
public class BadJobSpecTests(TrainingFixture fixture)
{
    [Fact]
    public async Task Jobs_that_cannot_run_are_refused_with_the_field_to_fix_and_nothing_is_queued()
    {
        var model = TrainingFixture.UniqueModel("bad");
        using var runner = fixture.Runner();

        var unknownService = Jobs.Request(model, featureService: "no_such_service");
        var problem = await RefuseAsync(runner, unknownService, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no_such_service", problem["errors"]!["featureService"]![0]!.GetValue<string>());

        var missingLabel = Jobs.Request(model, labelColumn: "is_chargeback");
        problem = await RefuseAsync(runner, missingLabel, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is_chargeback", problem["errors"]!["labels.column"]![0]!.GetValue<string>());

        var outOfRange = Jobs.Request(model, hyperparameters: new { trees = 0, maxDepth = 6, learningRate = 1.5 });
        problem = await RefuseAsync(runner, outOfRange, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["hyperparameters.trees"]);
        Assert.NotNull(problem["errors"]!["hyperparameters.learningRate"]);

        var unknownAlgorithm = Jobs.Request(model, algorithm: "svm");
        problem = await RefuseAsync(runner, unknownAlgorithm, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["algorithm"]);

        var gpu = Jobs.Request(model, placement: new { requiresGpu = true });
        problem = await RefuseAsync(runner, gpu, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["placement.requiresGpu"]);

        // Restricted data never goes to a cloud pool: pinning it there is refused.
        var restrictedInCloud = Jobs.Request(model, featureService: FraudData.RestrictedFeatureService, placement: new { pool = "cloud-burst" });
        problem = await RefuseAsync(runner, restrictedInCloud, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("restricted", problem["errors"]!["placement.pool"]![0]!.GetValue<string>());

        var noModel = Jobs.Request(model);
        noModel.Remove("model");
        problem = await RefuseAsync(runner, noModel, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["model"]);

        var badFraction = Jobs.Request(model);
        badFraction["validation"] = new JsonObject { ["split"] = "time", ["fraction"] = 0.9 };
        problem = await RefuseAsync(runner, badFraction, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["validation.fraction"]);

        using var malformed = await runner.PostAsync("/api/jobs", new StringContent("{\"model\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        // A submitter without clearance for the data is refused.
        using var internalOnly = fixture.Runner(clearance: "internal");
        await RefuseAsync(internalOnly, Jobs.Request(model), HttpStatusCode.Forbidden);

        // Viewers cannot submit at all.
        using var viewer = fixture.Runner(role: "viewer");
        await RefuseAsync(viewer, Jobs.Request(model), HttpStatusCode.Forbidden);

        var listed = JsonNode.Parse(await runner.GetStringAsync($"/api/jobs?model={model}"))!;
        Assert.Empty(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_jobs_and_bad_queries_are_problems()
    {
        using var runner = fixture.Runner();
        Assert.Equal(HttpStatusCode.NotFound, (await runner.GetAsync($"/api/jobs/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.GetAsync("/api/jobs/not-a-uuid")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.GetAsync("/api/jobs?state=Sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.GetAsync("/api/jobs?pageSize=5000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await runner.PostAsync($"/api/jobs/{Guid.NewGuid()}/cancel", null)).StatusCode);
        using var anonymous = fixture.App.CreateHttpClient("training-runner");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs")).StatusCode);
    }

    private static async Task<JsonNode> RefuseAsync(HttpClient runner, JsonObject request, HttpStatusCode status)
    {
        using var response = await runner.PostAsJsonAsync("/api/jobs", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }
}
