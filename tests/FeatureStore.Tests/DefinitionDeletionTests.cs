using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Tests.Support;
using Reference.Hosting.Testing;
using StackExchange.Redis;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreCollection.Name)]
public class DefinitionDeletionTests(FeatureStoreApp fixture)
{
    [Fact]
    public async Task Deleting_is_refused_while_something_depends_on_it_and_then_removes_data_and_is_audited()
    {
        using var client = fixture.Client("ml-engineer");
        var entity = Api.Unique("ent");
        var view = await client.CreateViewAsync("user", [new { name = "v", type = "int64" }], entityName: entity);
        var service = Api.Unique("svc");
        (await client.PutJsonAsync($"/api/feature-services/{service}", new { features = new[] { $"{view}:v" } })).EnsureSuccessStatusCode();
        var now = DateTime.UtcNow;
        await client.IngestAsync(view, [new { user = "u1", event_timestamp = now.AddMinutes(-5), v = 7 }]);
        await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-1), end = now });
        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.App.GetConnectionStringAsync("online-store"));
        Assert.True(await redis.GetDatabase().KeyExistsAsync(OnlineStoreLayout.Key(view, "u1")));

        var entityInUse = await (await client.DeleteAsync($"/api/entities/{entity}")).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([$"feature-view:{view}"], entityInUse["dependents"]!.AsArray().Select(d => d!.GetValue<string>()));
        var viewInUse = await (await client.DeleteAsync($"/api/feature-views/{view}")).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([$"feature-service:{service}"], viewInUse["dependents"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Contains(service, viewInUse["detail"]!.GetValue<string>());
        // A refusal changes nothing.
        (await client.GetAsync($"/api/feature-views/{view}")).EnsureSuccessStatusCode();

        using var viewer = fixture.Client("viewer");
        await (await viewer.DeleteAsync($"/api/feature-services/{service}")).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/feature-services/{service}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/feature-services/{service}")).StatusCode);

        // With an Idempotency-Key a retry replays the first answer; without one, deleting again is 404.
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(client, $"/api/feature-views/{view}", key)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(client, $"/api/feature-views/{view}", key)).StatusCode);
        await (await client.DeleteAsync($"/api/feature-views/{view}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/feature-views/{view}")).StatusCode);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(OnlineStoreLayout.Key(view, "u1")));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/entities/{entity}")).StatusCode);

        // The name can be used again from scratch: version 1, an empty offline table, nothing online.
        var again = await client.CreateViewAsync("user", [new { name = "v", type = "string" }], viewName: view);
        var recreated = await (await client.GetAsync($"/api/feature-views/{again}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, recreated["version"]!.GetValue<int>());
        Assert.Equal(0, (await (await client.GetAsync($"/api/feature-views/{view}/stats")).ReadJsonAsync(HttpStatusCode.OK))["rows"]!.GetValue<long>());

        await using var db = NpgsqlDataSource.Create(await fixture.App.GetConnectionStringAsync("featuresdb"));
        await using var audit = db.CreateCommand("SELECT action, before FROM audit_log WHERE entity = $1 AND action LIKE '%.deleted' ORDER BY id");
        audit.Parameters.Add(new() { Value = $"feature-view:{view}" });
        await using var reader = await audit.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("feature-view.deleted", reader.GetString(0));
        var before = JsonNode.Parse(reader.GetString(1))!;
        Assert.Equal(view, before["view"]!["name"]!.GetValue<string>());
        Assert.Single(before["versions"]!["items"]!.AsArray());
        Assert.False(await reader.ReadAsync(), "the replayed DELETE wrote no second record");
    }

    [Fact]
    public async Task Entity_sets_are_listed_by_page_and_deleted()
    {
        using var client = fixture.Client("data-scientist");
        var names = new[] { Api.Unique("set"), Api.Unique("set"), Api.Unique("set") };
        foreach (var name in names)
        {
            await (await client.PutJsonAsync($"/api/entity-sets/{name}", new { entityRows = new[] { new { k = "a", event_timestamp = "2025-01-01T00:00:00Z" } } })).ReadJsonAsync(HttpStatusCode.OK);
        }
        Assert.Superset(names.ToHashSet(), (await ListAllAsync(client, "/api/entity-sets")).ToHashSet());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/entity-sets/{names[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/entity-sets/{names[1]}")).StatusCode);
        Assert.DoesNotContain(names[1], await ListAllAsync(client, "/api/entity-sets"));
        await (await client.PostJsonAsync("/api/historical-features", new { entitySet = names[1], features = new[] { "x:y" } })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("/api/entities")]
    [InlineData("/api/feature-views")]
    [InlineData("/api/feature-services")]
    [InlineData("/api/entity-sets")]
    public async Task Lists_page_by_name_and_refuse_bad_paging(string route)
    {
        using var client = fixture.Client("viewer");
        var all = await ListAllAsync(client, route);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(all.Count, all.Distinct().Count());
        var pageSize = await (await client.GetAsync($"{route}?pageSize=0")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("pageSize", pageSize["errors"]!.AsObject().Select(e => e.Key));
        var token = await (await client.GetAsync($"{route}?pageToken=not-ours")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("pageToken", token["errors"]!.AsObject().Select(e => e.Key));
    }

    // Every name on every page, walking nextPageToken with small pages.
    private static async Task<List<string>> ListAllAsync(HttpClient client, string route)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await (await client.GetAsync($"{route}?pageSize=2" + (token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}"))).ReadJsonAsync(HttpStatusCode.OK);
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 2);
            names.AddRange(items.Select(i => i!["name"]!.GetValue<string>()));
            token = page["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);
        return names;
    }

    private static async Task<HttpResponseMessage> DeleteAsync(HttpClient client, string path, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }
}
