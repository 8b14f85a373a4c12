using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

[Collection(RegistryCollection.Name)]
public sealed class EnvironmentAliasesTests(RegistryFixture registry)
{
    [Fact]
    public async Task An_alias_points_to_a_version_per_environment_and_the_environment_free_api_is_production()
    {
        using var engineer = registry.Client("ml-engineer");
        var client = new ModelRegistryClient(engineer);
        var name = RegistryFixture.UniqueName("envs");
        await Registry.CreateModelAsync(engineer, name);
        await Registry.CreateVersionAsync(engineer, name);
        await Registry.CreateVersionAsync(engineer, name);

        Assert.Equal(1, (await client.SetAliasAsync(name, "challenger", 1, "staging", null, CancellationToken.None)).Version);
        Assert.Equal(2, (await client.SetAliasAsync(name, "challenger", 2)).Version);

        Assert.Equal(1, (await client.ResolveAliasAsync(name, "challenger", "staging"))!.Version);
        Assert.Equal(2, (await client.ResolveAliasAsync(name, "challenger"))!.Version);
        Assert.Equal(2, (await client.ResolveAliasAsync(name, "challenger", "production"))!.Version);
        Assert.Null(await client.ResolveAliasAsync(name, "challenger", "dev"));

        var model = (await client.GetModelAsync(name))!;
        Assert.Equal(new Dictionary<string, int> { ["challenger"] = 2 }, model.Aliases);
        Assert.Equal(1, model.EnvironmentAliases!["staging"]["challenger"]);
        Assert.Equal(2, model.EnvironmentAliases!["production"]["challenger"]);
        var first = (await client.GetVersionAsync(name, 1))!;
        Assert.Empty(first.Aliases);
        Assert.Equal(["challenger"], first.EnvironmentAliases!["staging"]);

        // MLflow's read path is the default environment's.
        var mlflow = await engineer.GetStringAsync($"/api/2.0/mlflow/registered-models/alias?name={name}&alias=challenger");
        Assert.Contains("\"version\":\"2\"", mlflow);

        await Problem.AssertAsync(await engineer.GetAsync($"/api/models/{name}/aliases/challenger?environment=Prod!"), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/challenger?environment=../x", new SetAliasRequest(1), Registry.Json), HttpStatusCode.BadRequest);
        Assert.Equal(1, (await client.ResolveAliasAsync(name, "challenger", "staging"))!.Version);

        // Removing production's pointer leaves staging's; the model cannot be deleted while staging still points in.
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/models/{name}/aliases/challenger")).StatusCode);
        Assert.Null(await client.ResolveAliasAsync(name, "challenger"));
        Assert.Equal(1, (await client.ResolveAliasAsync(name, "challenger", "staging"))!.Version);
        var refused = await Problem.AssertAsync(await engineer.DeleteAsync($"/api/models/{name}"), HttpStatusCode.Conflict);
        Assert.Contains("challenger (staging)", refused.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/models/{name}/aliases/challenger?environment=staging")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/models/{name}")).StatusCode);
    }

    [Fact]
    public async Task Approving_a_promotion_moves_the_alias_of_its_environment_only_and_events_say_which()
    {
        using var requester = registry.Client("ml-engineer", subject: "erin");
        using var approver = registry.Client("approver", subject: "ann");
        var client = new ModelRegistryClient(requester);
        var name = RegistryFixture.UniqueName("envpromo");
        await Registry.CreateModelAsync(requester, name);
        await Registry.CreateVersionAsync(requester, name, new VersionMetadata(Metrics: new() { ["auc"] = 0.8 }));
        await Registry.CreateVersionAsync(requester, name, new VersionMetadata(Metrics: new() { ["auc"] = 0.9 }));
        var after = await LastEventIdAsync();

        var staging = await RequestAsync(requester, name, 2, "staging");
        await DecideAsync(approver, staging.Id, "approve");
        Assert.Equal(2, (await client.ResolveAliasAsync(name, "champion", "staging"))!.Version);
        Assert.Null(await client.ResolveAliasAsync(name, "champion"));

        var production = await RequestAsync(requester, name, 1, "production");
        await DecideAsync(approver, production.Id, "approve");
        Assert.Equal(1, (await client.ResolveAliasAsync(name, "champion"))!.Version);
        Assert.Equal(2, (await client.ResolveAliasAsync(name, "champion", "staging"))!.Version);
        await Problem.AssertAsync(await requester.PutAsJsonAsync($"/api/models/{name}/aliases/champion?environment=staging", new SetAliasRequest(1), Registry.Json), HttpStatusCode.Forbidden);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var all = client.SubscribeAsync(after, name, "*", timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await all.MoveNextAsync());
        Assert.Equal(("champion", 2, "staging"), (all.Current.Alias, all.Current.Version, all.Current.Environment));
        Assert.True(await all.MoveNextAsync());
        Assert.Equal(("champion", 1, "production"), (all.Current.Alias, all.Current.Version, all.Current.Environment));
        // Subscribers that name no environment (serving before environments) see production's changes only.
        await using var defaults = client.SubscribeAsync(after, name, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await defaults.MoveNextAsync());
        Assert.Equal(("champion", 1, "production"), (defaults.Current.Alias, defaults.Current.Version, defaults.Current.Environment));
        await using var stagingOnly = client.SubscribeAsync(after, name, "staging", timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await stagingOnly.MoveNextAsync());
        Assert.Equal("staging", stagingOnly.Current.Environment);
    }

    [Fact]
    public async Task A_policy_that_lists_environments_protects_the_alias_there_and_leaves_it_free_elsewhere()
    {
        using var admin = registry.Client("admin", subject: "root");
        using var engineer = registry.Client("ml-engineer", subject: "erin");
        var name = RegistryFixture.UniqueName("envpolicy");
        await Registry.CreateModelAsync(engineer, name);
        await Registry.CreateVersionAsync(engineer, name);
        var policy = new PromotionPolicy([new ProtectedAlias("champion", Environments: ["production"])]);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/models/{name}/promotion-policy", policy, Registry.Json)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/champion?environment=dev", new SetAliasRequest(1), Registry.Json)).StatusCode);
        await Problem.AssertAsync(await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/champion", new SetAliasRequest(1), Registry.Json), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await engineer.PostAsJsonAsync($"/api/models/{name}/versions/1/promotions", new CreatePromotionRequest("champion", "dev", null), Registry.Json), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.Created, (await engineer.PostAsJsonAsync($"/api/models/{name}/versions/1/promotions", new CreatePromotionRequest("champion", "production", null), Registry.Json)).StatusCode);
    }

    [Fact]
    public async Task A_second_pending_request_for_the_same_version_alias_and_environment_is_refused_naming_the_first()
    {
        using var requester = registry.Client("ml-engineer", subject: "erin");
        using var other = registry.Client("data-scientist", subject: "dave");
        using var approver = registry.Client("approver", subject: "ann");
        var name = RegistryFixture.UniqueName("dupe");
        await Registry.CreateModelAsync(requester, name);
        await Registry.CreateVersionAsync(requester, name);

        var first = await RequestAsync(requester, name, 1, "production");
        var duplicate = await Problem.AssertAsync(
            await other.PostAsJsonAsync($"/api/models/{name}/versions/1/promotions", new CreatePromotionRequest("champion", "production", "me too"), Registry.Json),
            HttpStatusCode.Conflict);
        Assert.Equal(first.Id, duplicate.GetProperty("existingPromotionId").GetInt64());
        Assert.Contains($"/api/promotions/{first.Id}", duplicate.GetProperty("detail").GetString());

        // A retry with the first request's Idempotency-Key gets the first answer again, not a conflict.
        using var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{name}/versions/1/promotions")
        {
            Content = JsonContent.Create(new CreatePromotionRequest("champion", "staging", "better"), options: Registry.Json),
        };
        keyed.Headers.Add("Idempotency-Key", $"promo-{name}");
        var created = await requester.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var retry = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{name}/versions/1/promotions")
        {
            Content = JsonContent.Create(new CreatePromotionRequest("champion", "staging", "better"), options: Registry.Json),
        };
        retry.Headers.Add("Idempotency-Key", $"promo-{name}");
        var replayed = await requester.SendAsync(retry);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal(await created.Content.ReadAsStringAsync(), await replayed.Content.ReadAsStringAsync());

        var promotions = (await requester.GetFromJsonAsync<Page<Promotion>>($"/api/models/{name}/promotions", Registry.Json))!.Items;
        Assert.Equal(2, promotions.Count);

        // Once the first is decided, asking again is fine.
        await DecideAsync(approver, first.Id, "reject");
        Assert.Equal(PromotionStatuses.Pending, (await RequestAsync(other, name, 1, "production")).Status);
    }

    private async Task<long> LastEventIdAsync()
    {
        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COALESCE(max(id), 0) FROM registry_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Promotion> RequestAsync(HttpClient client, string name, int version, string environment)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{name}/versions/{version}/promotions", new CreatePromotionRequest("champion", environment, "better"), Registry.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Promotion>(Registry.Json))!;
    }

    private static async Task DecideAsync(HttpClient client, long id, string decision)
    {
        var response = await client.PostAsJsonAsync($"/api/promotions/{id}/{decision}", new PromotionDecisionRequest(null), Registry.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
