using System.Net;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Tests;

[Collection(RegistryCollection.Name)]
public sealed class AliasesAndPromotionsTests(RegistryFixture registry)
{
    [Theory]
    [InlineData("latest")]
    [InlineData("v3")]
    [InlineData("V12")]
    [InlineData("with space")]
    [InlineData("dot.ted")]
    public async Task Reserved_and_malformed_alias_names_are_refused(string alias)
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("alias");
        await Registry.CreateModelAsync(client, name);
        await Registry.CreateVersionAsync(client, name);
        var response = await client.PutAsJsonAsync($"/api/models/{name}/aliases/{Uri.EscapeDataString(alias)}", new SetAliasRequest(1), Registry.Json);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty((await client.GetFromJsonAsync<RegisteredModel>($"/api/models/{name}", Registry.Json))!.Aliases);
    }

    [Fact]
    public async Task Unprotected_aliases_move_directly_resolve_and_block_deleting_the_model()
    {
        using var engineer = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("move");
        await Registry.CreateModelAsync(engineer, name);
        await Registry.CreateVersionAsync(engineer, name);
        await Registry.CreateVersionAsync(engineer, name);

        Assert.Equal(HttpStatusCode.OK, (await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(2), Registry.Json)).StatusCode);
        var resolved = await new ModelRegistryClient(engineer).ResolveAliasAsync(name, "challenger");
        Assert.Equal(2, resolved!.Version);
        Assert.Equal(["challenger"], resolved.Aliases);

        // Resolving twice fills the replica's cache; moving the alias must still show at once.
        Assert.Equal(2, (await new ModelRegistryClient(engineer).ResolveAliasAsync(name, "challenger"))!.Version);
        Assert.Equal(HttpStatusCode.OK, (await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(1), Registry.Json)).StatusCode);
        Assert.Equal(1, (await new ModelRegistryClient(engineer).ResolveAliasAsync(name, "challenger"))!.Version);
        Assert.Equal(HttpStatusCode.OK, (await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(2), Registry.Json)).StatusCode);
        await engineer.PatchAsJsonAsync($"/api/models/{name}/versions/2", new UpdateVersionRequest("edited"), Registry.Json);
        Assert.Equal("edited", (await new ModelRegistryClient(engineer).ResolveAliasAsync(name, "challenger"))!.Description);

        await Problem.AssertAsync(await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(9), Registry.Json), HttpStatusCode.UnprocessableEntity);
        await Problem.AssertAsync(await engineer.PutAsync($"/api/models/{name}/aliases/challenger", new StringContent("""{"version":"two"}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await engineer.DeleteAsync($"/api/models/{name}"), HttpStatusCode.Conflict);
        Assert.Equal(2, (await new ModelRegistryClient(engineer).ResolveAliasAsync(name, "challenger"))!.Version);

        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/models/{name}/aliases/challenger")).StatusCode);
        Assert.Null(await new ModelRegistryClient(engineer).ResolveAliasAsync(name, "challenger"));
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/models/{name}")).StatusCode);
    }

    [Fact]
    public async Task Each_role_does_only_what_it_may()
    {
        using var admin = registry.Client("admin");
        var name = RegistryFixture.UniqueName("roles");
        await Registry.CreateModelAsync(admin, name);
        await Registry.CreateVersionAsync(admin, name, new VersionMetadata(Lineage: new ModelLineage(Classification: "confidential")));

        using var anonymous = registry.Anonymous();
        await Problem.AssertAsync(await anonymous.GetAsync("/api/models"), HttpStatusCode.Unauthorized);

        using var viewer = registry.Client("viewer", clearance: "internal");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/models/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/models/{name}/versions/1")).StatusCode);
        await Problem.AssertAsync(await viewer.GetAsync($"/api/models/{name}/versions/1/artifact"), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await viewer.GetAsync($"/api/models/{name}/versions/1/data-profile"), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await viewer.PostAsJsonAsync("/api/models", new CreateModelRequest(RegistryFixture.UniqueName("no")), Registry.Json), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await viewer.PostAsync($"/api/models/{name}/versions", Registry.Upload(new VersionMetadata(), [1])), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await viewer.GetAsync("/api/audit"), HttpStatusCode.Forbidden);

        using var scientist = registry.Client("data-scientist");
        await Problem.AssertAsync(await scientist.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(1), Registry.Json), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await scientist.DeleteAsync($"/api/models/{name}"), HttpStatusCode.Forbidden);

        using var service = registry.Client("service", subject: "training-runner");
        Assert.Equal(HttpStatusCode.OK, (await service.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(1), Registry.Json)).StatusCode);
        await Problem.AssertAsync(await service.PutAsJsonAsync($"/api/models/{name}/aliases/shadow", new SetAliasRequest(1), Registry.Json), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await service.PostAsJsonAsync("/api/models", new CreateModelRequest(RegistryFixture.UniqueName("no")), Registry.Json), HttpStatusCode.Forbidden);

        using var approver = registry.Client("approver");
        await Problem.AssertAsync(await approver.PostAsync($"/api/models/{name}/versions", Registry.Upload(new VersionMetadata(), [1])), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await approver.PutAsJsonAsync($"/api/models/{name}/promotion-policy", new PromotionPolicy([]), Registry.Json), HttpStatusCode.Forbidden);

        // Protected aliases do not move directly, not even for admin.
        await Problem.AssertAsync(await admin.PutAsJsonAsync($"/api/models/{name}/aliases/champion", new SetAliasRequest(1), Registry.Json), HttpStatusCode.Forbidden);
        Assert.Single((await Registry.ListVersionsAsync(admin, name)).Items);
        Assert.Equal(["challenger"], (await admin.GetFromJsonAsync<RegisteredModel>($"/api/models/{name}", Registry.Json))!.Aliases.Keys);
    }

    [Fact]
    public async Task Promotion_needs_other_approvers_passes_gates_moves_the_alias_and_leaves_a_verifiable_audit_trail()
    {
        using var admin = registry.Client("admin", subject: "root");
        using var requester = registry.Client("ml-engineer", subject: "erin");
        using var approverA = registry.Client("approver", subject: "ann");
        using var approverB = registry.Client("approver", subject: "bob");
        var name = RegistryFixture.UniqueName("promo");
        await Registry.CreateModelAsync(requester, name);
        var policy = new PromotionPolicy([new ProtectedAlias("champion", RequiredApprovals: 2, MetricGates: [new MetricGate("auc", Min: 0.8, MaxRegression: 0.01)], AllowedResidencies: ["eu"])]);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/models/{name}/promotion-policy", policy, Registry.Json)).StatusCode);

        await Registry.CreateVersionAsync(requester, name, new VersionMetadata(Metrics: new() { ["auc"] = 0.90 }, Lineage: new ModelLineage(Residency: "eu")));
        await Registry.CreateVersionAsync(requester, name, new VersionMetadata(Metrics: new() { ["auc"] = 0.85 }, Lineage: new ModelLineage(Residency: "eu")));
        await Registry.CreateVersionAsync(requester, name, new VersionMetadata(Metrics: new() { ["auc"] = 0.95 }, Lineage: new ModelLineage(Residency: "us")));

        var events = new ModelRegistryClient(approverA).SubscribeAsync(afterId: await LastEventIdAsync(), model: name).GetAsyncEnumerator();

        // Version 1 becomes champion after two approvals by people other than the requester.
        var promotion = await RequestAsync(requester, name, 1);
        Assert.Equal(PromotionStatuses.Pending, promotion.Status);
        Assert.All(promotion.Gates, g => Assert.True(g.Passed, g.Detail));
        await Problem.AssertAsync(await requester.PostAsync($"/api/promotions/{promotion.Id}/approve", null), HttpStatusCode.Forbidden);
        var afterFirst = await DecideAsync(approverA, promotion.Id, "approve");
        Assert.Equal(PromotionStatuses.Pending, afterFirst.Status);
        Assert.Null(await new ModelRegistryClient(requester).ResolveAliasAsync(name, "champion"));
        await Problem.AssertAsync(await approverA.PostAsync($"/api/promotions/{promotion.Id}/approve", null), HttpStatusCode.Conflict);
        var approved = await DecideAsync(approverB, promotion.Id, "approve");
        Assert.Equal(PromotionStatuses.Approved, approved.Status);
        Assert.Equal(1, (await new ModelRegistryClient(requester).ResolveAliasAsync(name, "champion"))!.Version);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((RegistryEventKinds.AliasSet, "champion", 1), (events.Current.Kind, events.Current.Alias, events.Current.Version));
        var firstEventId = events.Current.Id;

        // Version 2 is worse than the champion by more than 0.01: blocked, and approving it changes nothing.
        var worse = await RequestAsync(requester, name, 2);
        Assert.Equal(PromotionStatuses.Blocked, worse.Status);
        Assert.Contains(worse.Gates, g => !g.Passed && g.Gate.Contains("not worse"));
        await Problem.AssertAsync(await approverA.PostAsync($"/api/promotions/{worse.Id}/approve", null), HttpStatusCode.Conflict);
        // Version 3 is better but trained on US data, which the policy does not allow.
        var foreign = await RequestAsync(requester, name, 3);
        Assert.Equal(PromotionStatuses.Blocked, foreign.Status);
        Assert.Contains(foreign.Gates, g => !g.Passed && g.Gate.StartsWith("residency"));
        Assert.Equal(1, (await new ModelRegistryClient(requester).ResolveAliasAsync(name, "champion"))!.Version);

        // A rejected request ends there.
        var rejected = await RequestAsync(requester, name, 2, alias: "champion");
        Assert.Equal(PromotionStatuses.Rejected, (await DecideAsync(approverB, rejected.Id, "reject")).Status);

        await Problem.AssertAsync(await requester.PostAsJsonAsync($"/api/models/{name}/versions/1/promotions", new CreatePromotionRequest("challenger", "production", null), Registry.Json), HttpStatusCode.UnprocessableEntity);
        await Problem.AssertAsync(await requester.PostAsJsonAsync($"/api/models/{name}/versions/1/promotions", new CreatePromotionRequest("champion", "Prod!", null), Registry.Json), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await requester.PostAsJsonAsync($"/api/models/{name}/versions/9/promotions", new CreatePromotionRequest("champion", "production", null), Registry.Json), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await approverA.PostAsync("/api/promotions/999999999/approve", null), HttpStatusCode.NotFound);

        // The audit trail holds every step and its chain verifies.
        var audit = (await admin.GetFromJsonAsync<Page<AuditRecord>>($"/api/audit?model={name}&pageSize=1000", Registry.Json))!;
        var actions = audit.Items.Select(r => r.Action).ToList();
        Assert.Contains("policy.update", actions);
        Assert.Equal(3, actions.Count(a => a == "version.create"));
        Assert.Contains("alias.set", actions);
        Assert.Equal(2, actions.Count(a => a == "promotion.approve"));
        Assert.Contains(audit.Items, r => r.Action == "alias.set" && r.Actor == "bob");
        var verification = (await admin.GetFromJsonAsync<AuditVerification>("/api/audit/verify", Registry.Json))!;
        Assert.True(verification.Valid, verification.Reason);

        // A resumed subscription replays from the id it is given.
        await using var resumed = new ModelRegistryClient(approverA).SubscribeAsync(afterId: firstEventId - 1, model: name).GetAsyncEnumerator();
        Assert.True(await resumed.MoveNextAsync());
        Assert.Equal(firstEventId, resumed.Current.Id);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task A_tampered_audit_record_is_detected()
    {
        using var admin = registry.Client("admin");
        var name = RegistryFixture.UniqueName("tamper");
        await Registry.CreateModelAsync(admin, name);
        var record = (await admin.GetFromJsonAsync<Page<AuditRecord>>($"/api/audit?model={name}", Registry.Json))!.Items.Single();

        // What an attacker with superuser rights could do: switch the append-only trigger off and edit history.
        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using (var bypass = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            await bypass.ExecuteNonQueryAsync();
        }
        await using (var tamper = new NpgsqlCommand("UPDATE audit_log SET actor = 'mallory' WHERE id = $1", connection) { Parameters = { new() { Value = record.Id } } })
        {
            await tamper.ExecuteNonQueryAsync();
        }
        try
        {
            var verification = (await admin.GetFromJsonAsync<AuditVerification>("/api/audit/verify", Registry.Json))!;
            Assert.False(verification.Valid);
            Assert.Equal(record.Id, verification.FirstBrokenId);
        }
        finally
        {
            await using var repair = new NpgsqlCommand("UPDATE audit_log SET actor = $2 WHERE id = $1", connection) { Parameters = { new() { Value = record.Id }, new() { Value = record.Actor } } };
            await repair.ExecuteNonQueryAsync();
        }
        Assert.True((await admin.GetFromJsonAsync<AuditVerification>("/api/audit/verify", Registry.Json))!.Valid);
    }

    [Fact]
    public async Task Subscribers_see_an_alias_change_as_it_commits()
    {
        using var engineer = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("sse");
        await Registry.CreateModelAsync(engineer, name);
        await Registry.CreateVersionAsync(engineer, name);
        using var subscriber = registry.Client("service", subject: "serving");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = new ModelRegistryClient(subscriber).SubscribeAsync(afterId: await LastEventIdAsync(), model: name, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = events.MoveNextAsync().AsTask();

        await engineer.PutAsJsonAsync($"/api/models/{name}/aliases/challenger", new SetAliasRequest(1), Registry.Json);
        Assert.True(await next);
        Assert.Equal((name, "challenger", 1, (int?)null), (events.Current.Model, events.Current.Alias, events.Current.Version, events.Current.PreviousVersion));
    }

    private async Task<long> LastEventIdAsync()
    {
        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COALESCE(max(id), 0) FROM registry_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Promotion> RequestAsync(HttpClient client, string name, int version, string alias = "champion")
    {
        var response = await client.PostAsJsonAsync($"/api/models/{name}/versions/{version}/promotions", new CreatePromotionRequest(alias, "production", "better"), Registry.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Promotion>(Registry.Json))!;
    }

    private static async Task<Promotion> DecideAsync(HttpClient client, long id, string decision)
    {
        var response = await client.PostAsJsonAsync($"/api/promotions/{id}/{decision}", new PromotionDecisionRequest("looks right"), Registry.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Promotion>(Registry.Json))!;
    }
}
