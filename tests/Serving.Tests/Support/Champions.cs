using System.Net.Http.Json;
using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Trainers;
using Reference.ModelRegistry.Client;

namespace Reference.Serving.Tests.Support;

// Trains models in-process (the training runner's library, without the runner), registers them as versions with
// signature and lineage, and moves aliases. The test's model gets an empty promotion policy first, so that an
// ml-engineer can move "champion" directly, as the platform CLI's first approved promotion ends up doing.
public sealed class Champions(ServingFixture fixture)
{
    public Model Train(string algorithm, Dictionary<string, object?>? hyperparameters = null, params string[] requiredInputs)
    {
        Assert.True(TrainerCatalog.TryCreate(algorithm, hyperparameters, out var trainer, out var errors), string.Join(" ", errors.Select(e => e.Message)));
        var model = trainer.Train(fixture.Features.TrainingSet()).Model;
        return requiredInputs.Length == 0 ? model : model.WithRequiredInputs(requiredInputs);
    }

    public async Task<int> RegisterAsync(string name, Model model)
    {
        var registry = fixture.Registry();
        if (await registry.GetModelAsync(name) is null)
        {
            await registry.CreateModelAsync(new CreateModelRequest(name, UseCase: "fraud"));
            using var admin = fixture.Client("model-registry", "admin");
            using var policy = await admin.PutAsJsonAsync($"/api/models/{name}/promotion-policy", new { protectedAliases = Array.Empty<object>() });
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }
        var version = await registry.CreateVersionAsync(name, FraudModelVersions.Metadata(model), new MemoryStream(ModelArtifact.Serialize(model)));
        return version.Version;
    }

    public async Task SetAliasAsync(string name, string alias, int version) => await fixture.Registry().SetAliasAsync(name, alias, version);

    public async Task<int> PromoteAsync(string name, Model model, string alias = "champion")
    {
        var version = await RegisterAsync(name, model);
        await SetAliasAsync(name, alias, version);
        return version;
    }
}
