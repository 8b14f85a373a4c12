using System.Net;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Tests.Support;
using Reference.Hosting.Testing;
using StackExchange.Redis;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreCollection.Name)]
public class OnlineStoreTests(FeatureStoreApp fixture)
{
    private static string At(DateTime time) => time.ToString("O");

    [Fact]
    public async Task Materialization_is_newest_wins_and_incremental_runs_start_at_the_watermark()
    {
        using var client = fixture.Client("ml-engineer");
        var now = DateTime.UtcNow;
        var view = await client.CreateViewAsync("user", [new { name = "v", type = "int64" }, new { name = "tag", type = "string" }], ttl: "1d");
        await client.IngestAsync(view,
        [
            new { user = "u1", event_timestamp = now.AddHours(-3), v = 1, tag = "a" },
            new { user = "u1", event_timestamp = now.AddHours(-2), v = 2, tag = "b" },
            new { user = "u2", event_timestamp = now.AddHours(-2), v = (int?)null, tag = "c" },
        ]);

        var job = await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-5), end = now.AddMinutes(-90) });
        Assert.Equal(2, job["rowsDone"]!.GetValue<long>());
        object Read(params string[] users) => new { features = new[] { $"{view}:v", $"{view}:tag" }, entities = new { user = users } };
        var online = await client.OnlineAsync(Read("u1", "u2", "u3"));
        Assert.Equal(["user", "v", "tag"], online["metadata"]!["featureNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        var (values, statuses) = Api.Column(online, "v");
        Assert.Equal(["PRESENT", "NULL_VALUE", "NOT_FOUND"], statuses);
        Assert.Equal(2, values[0]!.GetValue<long>());
        Assert.Equal("b", Api.Column(online, "tag").Values[0]!.GetValue<string>());
        Assert.Equal(["u1", "u2", "u3"], Api.Column(online, "user").Values.Select(v => v!.GetValue<string>()));
        Assert.Equal(now.AddHours(-2), online["results"]![1]!["eventTimestamps"]![0]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        // A pushed newer value is not overwritten by re-materializing older offline rows.
        await (await client.PostJsonAsync($"/api/push/{view}", new { to = "online", rows = new[] { new { user = "u1", event_timestamp = now.AddHours(-1), v = 5, tag = "pushed" } } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-5), end = now.AddMinutes(-90) });
        Assert.Equal(5, Api.Column(await client.OnlineAsync(Read("u1")), "v").Values[0]!.GetValue<long>());

        // Within one push too: the newer of two rows for a key wins whatever their order; equal event times go to the later created_timestamp.
        await (await client.PostJsonAsync($"/api/push/{view}", new
        {
            to = "online",
            rows = new object[]
            {
                new { user = "u5", event_timestamp = now.AddMinutes(-10), v = 10, tag = "newer" },
                new { user = "u5", event_timestamp = now.AddMinutes(-50), v = 50, tag = "older" },
                new { user = "u6", event_timestamp = now.AddMinutes(-10), created_timestamp = now, v = 61, tag = "later" },
                new { user = "u6", event_timestamp = now.AddMinutes(-10), created_timestamp = now.AddMinutes(-1), v = 60, tag = "earlier" },
            },
        })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([10L, 61L], Api.Column(await client.OnlineAsync(Read("u5", "u6")), "v").Values.Select(v => v!.GetValue<long>()));

        // Incremental: only rows after the watermark (end of the last run) are read.
        await client.IngestAsync(view,
        [
            new { user = "u1", event_timestamp = now.AddMinutes(-30), v = 7, tag = "d" },
            new { user = "u4", event_timestamp = now.AddMinutes(-20), v = 4, tag = "e" },
        ]);
        var incremental = await client.MaterializeAsync("/api/materialize-incremental", new { views = new[] { view }, end = now });
        Assert.Equal(2, incremental["rowsDone"]!.GetValue<long>());
        Assert.Equal([7L, 4L], Api.Column(await client.OnlineAsync(Read("u1", "u4")), "v").Values.Select(v => v!.GetValue<long>()));
        var again = await client.MaterializeAsync("/api/materialize-incremental", new { views = new[] { view }, end = now });
        Assert.True(again["rowsDone"]!.GetValue<long>() <= 1, "a second run to the same end has (almost) nothing to read");

        var stats = await (await client.GetAsync($"/api/feature-views/{view}/stats")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(now, stats["watermark"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(now.AddMinutes(-20), stats["newestMaterialized"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.True(stats["freshnessSeconds"]!.GetValue<double>() >= 20 * 60);
    }

    [Fact]
    public async Task The_first_incremental_run_starts_one_ttl_back_and_old_values_are_outside_max_age()
    {
        using var client = fixture.Client("ml-engineer");
        var now = DateTime.UtcNow;
        var view = await client.CreateViewAsync("user", [new { name = "v", type = "float64" }], ttl: "1h");
        await client.IngestAsync(view,
        [
            new { user = "old", event_timestamp = now.AddHours(-2), v = 1.5 },
            new { user = "new", event_timestamp = now.AddMinutes(-30), v = 2.5 },
        ]);
        var first = await client.MaterializeAsync("/api/materialize-incremental", new { views = new[] { view }, end = now });
        Assert.Equal(1, first["rowsDone"]!.GetValue<long>());
        Assert.Equal(["NOT_FOUND", "PRESENT"], Api.Column(await client.OnlineAsync(new { features = new[] { $"{view}:v" }, entities = new { user = new[] { "old", "new" } } }), "v").Statuses);

        // Materializing the old row explicitly stores it, but it is older than the TTL when read.
        await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-3), end = now });
        var (values, statuses) = Api.Column(await client.OnlineAsync(new { features = new[] { $"{view}:v" }, entities = new { user = new[] { "old", "new" } } }), "v");
        Assert.Equal(["OUTSIDE_MAX_AGE", "PRESENT"], statuses);
        Assert.Equal(2.5, values[1]!.GetValue<double>());
    }

    [Fact]
    public async Task The_in_process_reader_sees_what_the_http_endpoint_serves()
    {
        using var client = fixture.Client("ml-engineer");
        var now = DateTime.UtcNow;
        var view = await client.CreateViewAsync("user", [new { name = "a", type = "int64" }, new { name = "e", type = "float64[]" }], ttl: "1d");
        await client.IngestAsync(view, [new { user = "u1", event_timestamp = now.AddMinutes(-5), a = 42, e = new[] { 0.5, 1.0 } }]);
        await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-1), end = now });

        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.App.GetConnectionStringAsync("online-store"));
        var reader = new OnlineFeatureReader(redis);
        var values = await reader.ReadAsync([new OnlineViewRead(view, ["a", "e"], TimeSpan.FromDays(1), [OnlineStoreLayout.Key(view, "u1"), OnlineStoreLayout.Key(view, "u2")])]);
        Assert.Equal(OnlineFeatureStatus.Present, values.GetStatus(0, 0, 0));
        Assert.Equal("42", System.Text.Encoding.UTF8.GetString(values.GetJsonValue(0, 0, 0)!));
        Assert.Equal("[0.5,1]", System.Text.Encoding.UTF8.GetString(values.GetJsonValue(0, 0, 1)!));
        Assert.Equal(OnlineFeatureStatus.NotFound, values.GetStatus(0, 1, 0));

        // The typed client resolves a feature service once; the reader then needs no call to the feature store.
        var service = Api.Unique("svc");
        (await client.PutJsonAsync($"/api/feature-services/{service}", new { features = new[] { $"{view}:*" } })).EnsureSuccessStatusCode();
        using var serviceClient = fixture.Client("service");
        var plan = await new FeatureStoreHttpClient(serviceClient).PlanAsync(service);
        Assert.Equal(["user"], plan.JoinKeys);
        Assert.Equal("internal", plan.Views.Single().View.Classification);
        var planned = await reader.ReadAsync(plan.ForEntities(new Dictionary<string, string[]> { ["user"] = ["u2", "u1"] }));
        Assert.Equal(OnlineFeatureStatus.NotFound, planned.GetStatus(0, 0, 0));
        Assert.Equal("42", System.Text.Encoding.UTF8.GetString(planned.GetPresentValue(0, 1, 0)!));

        var http = await client.OnlineAsync(new { features = new[] { $"{view}:a", $"{view}:e" }, entities = new { user = new[] { "u1" } } });
        Assert.Equal(42, Api.Column(http, "a").Values[0]!.GetValue<long>());
        Assert.Equal("[0.5,1]", Api.Column(http, "e").Values[0]!.ToJsonString());
    }

    [Fact]
    public async Task Bad_online_requests_are_4xx()
    {
        using var writer = fixture.Client("data-scientist");
        var view = await writer.CreateViewAsync("user", [new { name = "a", type = "int64" }]);
        using var client = fixture.Client("service");
        var unequal = await (await client.PostJsonAsync("/api/online-features", new { features = new[] { $"{view}:a" }, entities = new { user = new[] { "u1" }, other = new[] { "x", "y" } } }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("entities", unequal["errors"]!.AsObject().Select(e => e.Key));
        var missingKey = await (await client.PostJsonAsync("/api/online-features", new { features = new[] { $"{view}:a" }, entities = new { customer = new[] { "u1" } } }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("entities.user", missingKey["errors"]!.AsObject().Select(e => e.Key));
        await (await client.PostJsonAsync("/api/online-features", new { features = new[] { "nope:a" }, entities = new { user = new[] { "u1" } } })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostJsonAsync("/api/online-features", new { entities = new { user = new[] { "u1" } } })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsync("/api/online-features", "{\"features\": [", "application/json")).ReadProblemAsync(HttpStatusCode.BadRequest);
        using var viewer = fixture.Client("viewer");
        await (await viewer.PostJsonAsync("/api/online-features", new { features = new[] { $"{view}:a" }, entities = new { user = new[] { "u1" } } })).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}
