using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

// GET /api/models/{name} is answered from each replica's memory; every change, on any replica or straight in the
// database, must still show: at once on the replica that made it, and as soon as the notification arrives elsewhere.
[Collection(FileSystemRegistryCollection.Name)]
public sealed class ModelReadCacheTests(FileSystemRegistryFixture registry)
{
    [Fact]
    public async Task A_cached_model_shows_every_change_on_both_replicas()
    {
        using var writer = registry.Client("ml-engineer");
        using var otherReplica = registry.Client("viewer", replica: 1);
        var name = RegistryFixture.UniqueName("cached");
        await Registry.CreateModelAsync(writer, name);
        Assert.Equal(0, (await GetAsync(writer, name)).LatestVersion);
        Assert.NotEqual("edited", (await GetAsync(otherReplica, name)).Description);

        (await writer.PatchAsJsonAsync($"/api/models/{name}", new { description = "edited" })).EnsureSuccessStatusCode();
        Assert.Equal("edited", (await GetAsync(writer, name)).Description);
        await Eventually.TrueAsync(async () => (await GetAsync(otherReplica, name)).Description == "edited", "the other replica shows the edit");

        await Registry.CreateVersionAsync(writer, name);
        (await writer.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new { version = 1 })).EnsureSuccessStatusCode();
        Assert.Equal(1, (await GetAsync(writer, name)).Aliases["challenger"]);
        await Eventually.TrueAsync(async () => (await GetAsync(otherReplica, name)) is { LatestVersion: 1 } model && model.Aliases.ContainsKey("challenger"),
            "the other replica shows the new version and alias");

        // A change made outside the service (an operator's SQL) notifies too.
        await using (var connection = new NpgsqlConnection(registry.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE registered_models SET description = 'by sql' WHERE name = $1", connection) { Parameters = { new() { Value = name } } };
            await update.ExecuteNonQueryAsync();
        }
        await Eventually.TrueAsync(async () => (await GetAsync(writer, name)).Description == "by sql" && (await GetAsync(otherReplica, name)).Description == "by sql",
            "both replicas show the change made in the database");

        (await writer.DeleteAsync($"/api/models/{name}/aliases/challenger")).EnsureSuccessStatusCode();
        (await writer.DeleteAsync($"/api/models/{name}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await writer.GetAsync($"/api/models/{name}")).StatusCode);
        await Eventually.TrueAsync(async () => (await otherReplica.GetAsync($"/api/models/{name}")).StatusCode == HttpStatusCode.NotFound, "the other replica forgets the deleted model");
    }

    private static async Task<RegisteredModel> GetAsync(HttpClient client, string name)
    {
        using var response = await client.GetAsync($"/api/models/{name}");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<RegisteredModel>(Registry.Json))!;
    }
}
