using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Tests.Support;
using Reference.Hosting.Testing;
using StackExchange.Redis;

namespace Reference.FeatureStore.Tests;

// Redis lost in the middle of a materialization (killed and restarted by the app model): the same attempt (same
// lease) waits, continues after the last batch Redis acknowledged and finishes with every key written, counted once.
[Collection(FeatureStoreReplicasCollection.Name)]
public class MaterializationTransientFailureTests(FeatureStoreReplicasApp fixture)
{
    private const int Keys = 20_000;

    [Fact]
    public async Task Losing_redis_mid_job_is_retried_by_the_same_attempt_instead_of_failing_the_job()
    {
        using var client = fixture.Client(0);
        var (view, now) = await CreateViewAsync(client);

        // Redis holds every command (the job's first write waits for its answer), then dies: the write fails with a
        // closed connection, and the ones after it with no connection until the app model has restarted Redis.
        using (var admin = await ConnectionMultiplexer.ConnectAsync(await fixture.App.GetConnectionStringAsync("online-store")))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "60000", "ALL");
        }
        var queued = await client.PostJsonAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-1), end = now });
        var id = (await queued.ReadJsonAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
        await using (var db = NpgsqlDataSource.Create(await fixture.App.GetConnectionStringAsync("featuresdb")))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                // The job has started reading the offline table, so its first batch is on its way to the paused Redis.
                await using var scans = db.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT DISTINCT ON%' AND query LIKE $1");
                scans.Parameters.Add(new() { Value = $"%{view}%" });
                if ((long)(await scans.ExecuteScalarAsync())! > 0)
                {
                    break;
                }
                Assert.True(DateTime.UtcNow < deadline, "The materialization did not start reading.");
                await Task.Delay(20);
            }
        }
        var restarts = fixture.App.ResourceNotifications.Get("online-store").Restarts;
        fixture.App.KillReplica("online-store");
        await fixture.App.ResourceNotifications.WaitForResourceAsync("online-store", s => s.IsHealthy && s.Restarts > restarts, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.App.GetConnectionStringAsync("online-store"));
        await AssertFinishedCompletelyAsync(client, redis, view, id, now);
    }

    // A view of Keys entities, each with an older row that must not reach the online store.
    private static async Task<(string View, DateTime Now)> CreateViewAsync(HttpClient client)
    {
        var now = DateTime.UtcNow;
        var view = await client.CreateViewAsync("user", [new { name = "v", type = "int64" }], ttl: "1d");
        var rows = new StringBuilder();
        for (var i = 0; i < Keys; i++)
        {
            rows.Append($$"""{"user":"u{{i}}","event_timestamp":"{{now.AddMinutes(-10):O}}","v":{{i}}}""").Append('\n');
            if (i % 10 == 0)
            {
                rows.Append($$"""{"user":"u{{i}}","event_timestamp":"{{now.AddMinutes(-20):O}}","v":-1}""").Append('\n');
            }
        }
        await (await client.PostAsync($"/api/feature-views/{view}/rows", rows.ToString(), "application/x-ndjson")).ReadJsonAsync(HttpStatusCode.OK);
        return (view, now);
    }

    private static async Task AssertFinishedCompletelyAsync(HttpClient client, IConnectionMultiplexer redis, string view, string id, DateTime now)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        JsonNode job;
        while ((job = await GetAsync(client, id))["state"]!.GetValue<string>() is "queued" or "running")
        {
            Assert.True(DateTime.UtcNow < deadline, $"The job did not finish: {job.ToJsonString()}");
            await Task.Delay(100);
        }
        Assert.True(job["state"]!.GetValue<string>() == "succeeded", job.ToJsonString());
        // The attempt that met the failure finished the job itself, and counted every entity once.
        Assert.Equal(1, job["attempts"]!.GetValue<int>());
        Assert.Equal(Keys, job["rowsDone"]!.GetValue<long>());

        var reader = new OnlineFeatureReader(redis);
        for (var first = 0; first < Keys; first += 5000)
        {
            var keys = Enumerable.Range(first, 5000).Select(i => OnlineStoreLayout.Key(view, $"u{i}")).ToArray();
            var values = await reader.ReadAsync([new OnlineViewRead(view, ["v"], TimeSpan.FromDays(1), keys)]);
            for (var k = 0; k < keys.Length; k++)
            {
                Assert.True(values.GetStatus(0, k, 0) == OnlineFeatureStatus.Present, $"u{first + k} is {values.GetStatus(0, k, 0)}");
                Assert.Equal((first + k).ToString(), Encoding.UTF8.GetString(values.GetJsonValue(0, k, 0)!));
            }
        }
        var stats = await (await client.GetAsync($"/api/feature-views/{view}/stats")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(now, stats["watermark"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    // The status API shares the failure too: right after a session is killed it may answer 503 (retry shortly).
    private static async Task<JsonNode> GetAsync(HttpClient client, string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.GetAsync($"/api/materializations/{id}");
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 20)
            {
                return await response.ReadJsonAsync(HttpStatusCode.OK);
            }
            await Task.Delay(250);
        }
    }
}
