using System.Net;
using Reference.FeatureStore.Tests.Support;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreCollection.Name)]
public class GovernanceTests(FeatureStoreApp fixture)
{
    [Fact]
    public async Task A_view_whose_residency_excludes_this_jurisdiction_is_not_materialized_or_pushed_online()
    {
        using var client = fixture.Client("ml-engineer");
        var now = DateTime.UtcNow;
        var usOnly = await client.CreateViewAsync("user", [new { name = "v", type = "int64" }], residency: "us");
        var euOnly = await client.CreateViewAsync("user", [new { name = "v", type = "int64" }], residency: "eu");
        await client.IngestAsync(usOnly, [new { user = "u1", event_timestamp = now.AddMinutes(-5), v = 1 }]);

        var refused = await (await client.PostJsonAsync("/api/materialize", new { views = new[] { euOnly, usOnly }, start = now.AddHours(-1), end = now }))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("residency:us", refused["rule"]!.GetValue<string>());
        Assert.Contains(usOnly, refused["detail"]!.GetValue<string>());
        Assert.Contains("'eu'", refused["detail"]!.GetValue<string>());
        await (await client.PostJsonAsync("/api/materialize-incremental", new { views = new[] { usOnly }, end = now })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostJsonAsync($"/api/push/{usOnly}", new { to = "online", rows = new[] { new { user = "u1", event_timestamp = now, v = 2 } } }))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        var stats = await (await client.GetAsync($"/api/feature-views/{usOnly}/stats")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(stats["watermark"]);
        var online = await client.OnlineAsync(new { features = new[] { $"{usOnly}:v" }, entities = new { user = new[] { "u1" } } });
        Assert.Equal(["NOT_FOUND"], Api.Column(online, "v").Statuses);

        // The offline store is not "here" in the residency sense only for online copies: offline pushes are accepted.
        await (await client.PostJsonAsync($"/api/push/{usOnly}", new { to = "offline", rows = new[] { new { user = "u1", event_timestamp = now, v = 2 } } })).ReadJsonAsync(HttpStatusCode.OK);
        await client.MaterializeAsync("/api/materialize", new { views = new[] { euOnly }, start = now.AddHours(-1), end = now });
    }

    [Fact]
    public async Task Feature_values_above_the_callers_clearance_are_refused()
    {
        using var writer = fixture.Client("data-scientist", "restricted");
        var view = await writer.CreateViewAsync("user", [new { name = "v", type = "int64" }], classification: "confidential");
        var now = DateTime.UtcNow;
        await writer.IngestAsync(view, [new { user = "u1", event_timestamp = now.AddMinutes(-5), v = 1 }]);
        var online = new { features = new[] { $"{view}:v" }, entities = new { user = new[] { "u1" } } };
        var historical = new { features = new[] { $"{view}:v" }, entityRows = new[] { new { user = "u1", event_timestamp = now } } };

        using var low = fixture.Client("service", "internal");
        var forbidden = await (await low.PostJsonAsync("/api/online-features", online)).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("confidential", forbidden["detail"]!.GetValue<string>());
        Assert.Contains(view, forbidden["detail"]!.GetValue<string>());
        await (await low.PostJsonAsync("/api/historical-features", historical)).ReadProblemAsync(HttpStatusCode.Forbidden);

        using var cleared = fixture.Client("service", "confidential");
        await cleared.OnlineAsync(online);
        Assert.Equal(1, (await cleared.HistoricalAsync(historical)).Single()["v"]!.GetValue<long>());
    }
}
