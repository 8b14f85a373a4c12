using System.Net;
using System.Net.Http.Json;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

// Approvals through the typed client: each environment's request needs its own approvals, counted on that request only.
[Collection(RegistryCollection.Name)]
public sealed class PromotionApprovalsTests(RegistryFixture registry)
{
    [Fact]
    public async Task Each_environment_needs_its_own_approvals_and_approving_one_environment_counts_nothing_toward_another()
    {
        var name = RegistryFixture.UniqueName("approvals");
        using var adminHttp = registry.Client("admin", subject: "root");
        using var requesterHttp = registry.Client("ml-engineer", subject: "erin");
        using var annHttp = registry.Client("approver", subject: "ann");
        using var bobHttp = registry.Client("approver", subject: "bob");
        var requester = new ModelRegistryClient(requesterHttp);
        var ann = new ModelRegistryClient(annHttp);
        var bob = new ModelRegistryClient(bobHttp);
        await requester.CreateModelAsync(new CreateModelRequest(name));
        await Registry.CreateVersionAsync(requesterHttp, name);
        var policy = await new ModelRegistryClient(adminHttp).SetPromotionPolicyAsync(name,
            new PromotionPolicy([new ProtectedAlias("champion", RequiredApprovals: 1, EnvironmentApprovals: new Dictionary<string, int> { ["production"] = 2 })]));
        Assert.Equal(2, policy.ProtectedAliases![0].EnvironmentApprovals!["production"]);
        Assert.Equal(2, (await requester.GetPromotionPolicyAsync(name)).ProtectedAliases![0].EnvironmentApprovals!["production"]);

        var staging = await requester.RequestPromotionAsync(name, 1, new CreatePromotionRequest("champion", "staging", "passed staging soak"));
        var production = await requester.RequestPromotionAsync(name, 1, new CreatePromotionRequest("champion", "production", "passed staging soak"));
        Assert.Equal((1, 2), (staging.RequiredApprovals, production.RequiredApprovals));

        // Ann approves both requests: staging is done; her approval of staging's request does not count for production.
        Assert.Equal(PromotionStatuses.Approved, (await ann.ApprovePromotionAsync(staging.Id, "fine")).Status);
        var afterAnn = await ann.ApprovePromotionAsync(production.Id, "fine");
        Assert.Equal(PromotionStatuses.Pending, afterAnn.Status);
        Assert.Equal(["ann"], afterAnn.Decisions.Select(d => d.Actor));
        Assert.Equal(1, (await requester.ResolveAliasAsync(name, "champion", "staging"))!.Version);
        Assert.Null(await requester.ResolveAliasAsync(name, "champion", "production"));
        var twice = await Assert.ThrowsAsync<ModelRegistryException>(() => ann.ApprovePromotionAsync(production.Id));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var own = await Assert.ThrowsAsync<ModelRegistryException>(() => requester.ApprovePromotionAsync(production.Id));
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);

        // Bob's is the second approval of production's request: production's alias moves.
        var approved = await bob.ApprovePromotionAsync(production.Id, "second pair of eyes", idempotencyKey: $"bob-{name}");
        Assert.Equal(PromotionStatuses.Approved, approved.Status);
        var replayed = await bob.ApprovePromotionAsync(production.Id, "second pair of eyes", idempotencyKey: $"bob-{name}");
        Assert.Equal((approved.Id, approved.Status, approved.Decisions.Count), (replayed.Id, replayed.Status, replayed.Decisions.Count));
        Assert.Equal(1, (await requester.ResolveAliasAsync(name, "champion", "production"))!.Version);
        Assert.Equal(["ann", "bob"], (await requester.GetPromotionAsync(production.Id))!.Decisions.Select(d => d.Actor).Order());

        var listed = await requester.ListPromotionsAsync(name, pageSize: 1);
        Assert.Equal([staging.Id], listed.Items.Select(p => p.Id));
        Assert.Equal([production.Id], (await requester.ListPromotionsAsync(name, pageToken: listed.NextPageToken)).Items.Select(p => p.Id));
        Assert.Null(await requester.GetPromotionAsync(long.MaxValue));
    }

    [Fact]
    public async Task A_rejection_through_the_client_closes_the_request_and_bad_environment_approvals_are_refused()
    {
        var name = RegistryFixture.UniqueName("reject");
        using var adminHttp = registry.Client("admin", subject: "root");
        using var requesterHttp = registry.Client("data-scientist", subject: "dave");
        var requester = new ModelRegistryClient(requesterHttp);
        await requester.CreateModelAsync(new CreateModelRequest(name));
        await Registry.CreateVersionAsync(requesterHttp, name);

        var pending = await requester.RequestPromotionAsync(name, 1, new CreatePromotionRequest("champion", "production", null));
        using var approverHttp = registry.Client("approver", subject: "ann");
        var rejected = await new ModelRegistryClient(approverHttp).RejectPromotionAsync(pending.Id, "not yet");
        Assert.Equal((PromotionStatuses.Rejected, "reject", "not yet"), (rejected.Status, rejected.Decisions.Single().Decision, rejected.Decisions.Single().Comment));
        Assert.Null(await requester.ResolveAliasAsync(name, "champion"));

        // Approvals for an environment where the alias is not protected, or out of range, are a 400 that changes nothing.
        foreach (var bad in new[]
        {
            new ProtectedAlias("champion", Environments: ["production"], EnvironmentApprovals: new Dictionary<string, int> { ["staging"] = 2 }),
            new ProtectedAlias("champion", EnvironmentApprovals: new Dictionary<string, int> { ["production"] = 0 }),
            new ProtectedAlias("champion", EnvironmentApprovals: new Dictionary<string, int> { ["Prod!"] = 2 }),
        })
        {
            await Problem.AssertAsync(await adminHttp.PutAsJsonAsync($"/api/models/{name}/promotion-policy", new PromotionPolicy([bad]), Registry.Json), HttpStatusCode.BadRequest);
        }
        Assert.Null((await requester.GetPromotionPolicyAsync(name)).ProtectedAliases![0].EnvironmentApprovals);
    }
}
