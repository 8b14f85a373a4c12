using System.Net;
using System.Net.Http.Json;
using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Profiles;
using Reference.Learning.Trainers;
using Reference.ModelRegistry.Client;
using Reference.UseCases.Fraud;

namespace Reference.Observability.Tests.Support;

// The sample use case brought to a served champion, as the platform CLI does it, without the training runner: the
// fraud card_txn_stats view defined and each card's latest sample pushed online, a GBDT trained in-process on the same
// samples (inputs named "view__feature", as the runner names them) and registered with its signature, lineage and
// training data profile, then made champion so that serving loads it.
internal sealed class ServedFraudModel(ObservabilityFixture fixture, string name)
{
    public const string View = FraudFeatures.View;

    private readonly FraudFeatures _features = new(rows: 600, seed: 5);

    public string Name => name;

    public IReadOnlyList<FraudSample> Samples => _features.Samples;

    public IReadOnlyList<string> Cards => [.. Samples.Select(s => s.CardId).Distinct()];

    public async Task DeployAsync()
    {
        using (var featureStore = fixture.ResourceClient("feature-store", "ml-engineer"))
        {
            await _features.ApplyAsync(featureStore);
        }

        var training = _features.TrainingSet();
        var matrix = training.Features;
        var hyperparameters = new Dictionary<string, object?> { ["trees"] = 20, ["maxDepth"] = 3, ["learningRate"] = 0.3 };
        Assert.True(TrainerCatalog.TryCreate("gbdt", hyperparameters, out var trainer, out var errors), string.Join(" ", errors.Select(e => e.Message)));
        var model = trainer.Train(training).Model;

        using var registryHttp = fixture.RegistryClient("ml-engineer");
        var registry = new ModelRegistryClient(registryHttp);
        await registry.CreateModelAsync(new CreateModelRequest(name, "fraud detector served in the browser test", UseCase: "fraud"));
        using (var admin = fixture.RegistryClient("admin"))
        using (var policy = await admin.PutAsJsonAsync($"/api/models/{name}/promotion-policy", new { protectedAliases = Array.Empty<object>() }))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }
        var profile = System.Text.Json.JsonDocument.Parse(DataProfiler.Profile(matrix).ToJson()).RootElement.Clone();
        var version = await registry.CreateVersionAsync(name, FraudModelVersions.Metadata(model, profile), new MemoryStream(ModelArtifact.Serialize(model)));
        await registry.SetAliasAsync(name, "champion", version.Version);

        for (var replica = 0; replica < 2; replica++)
        {
            using var serving = fixture.ResourceClient("serving", "viewer", replica);
            await Eventually.TrueAsync(async () => (await serving.GetAsync($"/v2/models/{name}/ready")).StatusCode == HttpStatusCode.OK, $"serving replica {replica} loading {name}");
        }
    }
}
