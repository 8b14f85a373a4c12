using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

[Collection(RegistryCollection.Name)]
public sealed class MlflowApiTests(RegistryFixture registry)
{
    [Fact]
    public async Task MLflow_read_paths_answer_with_MLflow_field_names()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("mlf");
        await Registry.CreateModelAsync(client, name, new() { ["team"] = "risk" });
        await Registry.CreateVersionAsync(client, name, new VersionMetadata(SourceRunId: "run-9"));
        await client.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(1), Registry.Json);

        using var model = await GetJsonAsync(client, $"/api/2.0/mlflow/registered-models/get?name={name}");
        var registered = model.RootElement.GetProperty("registered_model");
        Assert.Equal(name, registered.GetProperty("name").GetString());
        Assert.Equal("1", registered.GetProperty("latest_versions")[0].GetProperty("version").GetString());
        Assert.Equal("challenger", registered.GetProperty("aliases")[0].GetProperty("alias").GetString());
        Assert.Equal("risk", registered.GetProperty("tags")[0].GetProperty("value").GetString());

        using var search = await GetJsonAsync(client, $"/api/2.0/mlflow/registered-models/search?filter={Uri.EscapeDataString($"name LIKE '{name}%' AND tags.team = 'risk'")}");
        Assert.Equal(name, search.RootElement.GetProperty("registered_models")[0].GetProperty("name").GetString());

        using var alias = await GetJsonAsync(client, $"/api/2.0/mlflow/registered-models/alias?name={name}&alias=challenger");
        Assert.Equal("run-9", alias.RootElement.GetProperty("model_version").GetProperty("run_id").GetString());
        using var version = await GetJsonAsync(client, $"/api/2.0/mlflow/model-versions/get?name={name}&version=1");
        Assert.Equal("READY", version.RootElement.GetProperty("model_version").GetProperty("status").GetString());
        using var latest = await GetJsonAsync(client, $"/api/2.0/mlflow/registered-models/get-latest-versions?name={name}");
        Assert.Equal("1", latest.RootElement.GetProperty("model_versions")[0].GetProperty("version").GetString());
        using var uri = await GetJsonAsync(client, $"/api/2.0/mlflow/model-versions/get-download-uri?name={name}&version=1");
        var download = await client.GetAsync(uri.RootElement.GetProperty("artifact_uri").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        var missing = await client.GetAsync($"/api/2.0/mlflow/registered-models/get?name=missing-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.RootElement.GetProperty("error_code").GetString());
        var bad = await client.GetAsync("/api/2.0/mlflow/registered-models/search?filter=" + Uri.EscapeDataString("run_id = 'x'"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }
}
