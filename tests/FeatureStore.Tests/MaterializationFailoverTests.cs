using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Tests.Support;
using Reference.Hosting.Testing;
using StackExchange.Redis;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreReplicasCollection.Name)]
public class MaterializationFailoverTests(FeatureStoreReplicasApp fixture)
{
    private const int Keys = 150_000;

    [Fact]
    public async Task Killing_the_replica_running_a_materialization_hands_the_job_to_another_that_finishes_it_correctly()
    {
        using var writer = fixture.Client(0);
        var now = DateTime.UtcNow;
        var view = await writer.CreateViewAsync("user", [new { name = "v", type = "int64" }], ttl: "1d");
        var rows = new StringBuilder();
        for (var i = 0; i < Keys; i++)
        {
            rows.Append($$"""{"user":"u{{i}}","event_timestamp":"{{now.AddMinutes(-10):O}}","v":{{i}}}""").Append('\n');
            if (i % 10 == 0)
            {
                // An older row that must never reach the online store.
                rows.Append($$"""{"user":"u{{i}}","event_timestamp":"{{now.AddMinutes(-20):O}}","v":-1}""").Append('\n');
            }
        }
        await (await writer.PostAsync($"/api/feature-views/{view}/rows", rows.ToString(), "application/x-ndjson")).ReadJsonAsync(HttpStatusCode.OK);

        var queued = await writer.PostJsonAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-1), end = now });
        var id = (await queued.ReadJsonAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();

        // Wait until some rows are written (a checkpoint exists), then SIGKILL the replica that holds the lease.
        var interrupted = await WaitAsync(writer, id, j => j["state"]!.GetValue<string>() != "queued" && j["rowsDone"]!.GetValue<long>() > 0, TimeSpan.FromSeconds(60));
        Assert.True(interrupted["state"]!.GetValue<string>() == "running", $"The job ended before it could be interrupted: {interrupted.ToJsonString()}");
        var worker = interrupted["worker"]!.GetValue<string>();
        // While it runs, its view cannot be deleted.
        var inUse = await (await writer.DeleteAsync($"/api/feature-views/{view}")).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"materialization:{id}", inUse["dependents"]!.AsArray().Select(d => d!.GetValue<string>()));
        var replica = int.Parse(worker.Split('/')[0].Split('-')[^1]);
        fixture.App.KillReplica("feature-store", replica);

        using var survivor = fixture.Client(1 - replica);
        var done = await WaitAsync(survivor, id, j => j["state"]!.GetValue<string>() is "succeeded" or "failed", TimeSpan.FromSeconds(120));
        Assert.True(done["state"]!.GetValue<string>() == "succeeded", done.ToJsonString());
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
        Assert.NotEqual(worker, done["worker"]!.GetValue<string>());
        // Resumed from the checkpoint: every entity counted once, not re-counted from the start.
        Assert.Equal(Keys, done["rowsDone"]!.GetValue<long>());

        // Listed newest first, filterable by state.
        var newest = await (await survivor.GetAsync("/api/materializations?state=succeeded&pageSize=1")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, newest["items"]![0]!["id"]!.GetValue<string>());
        var running = await (await survivor.GetAsync("/api/materializations?state=running")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(id, running["items"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()));
        await (await survivor.GetAsync("/api/materializations?state=stuck")).ReadProblemAsync(HttpStatusCode.BadRequest);

        // The takeover is audited, naming the replica that lost the job.
        await using (var db = NpgsqlDataSource.Create(await fixture.App.GetConnectionStringAsync("featuresdb")))
        await using (var audit = db.CreateCommand("SELECT before, after FROM audit_log WHERE entity = $1 AND action = 'materialization.resumed'"))
        {
            audit.Parameters.Add(new() { Value = $"materialization:{id}" });
            await using var records = await audit.ExecuteReaderAsync();
            Assert.True(await records.ReadAsync());
            Assert.Equal(worker, records.GetString(0));
            Assert.False(await records.ReadAsync());
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.App.GetConnectionStringAsync("online-store"));
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

        var stats = await (await survivor.GetAsync($"/api/feature-views/{view}/stats")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(now, stats["watermark"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(now.AddMinutes(-10), stats["newestMaterialized"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    private static async Task<JsonNode> WaitAsync(HttpClient client, string id, Func<JsonNode, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await (await client.GetAsync($"/api/materializations/{id}")).ReadJsonAsync(HttpStatusCode.OK);
            if (condition(job))
            {
                return job;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Materialization {id} did not reach the expected state: {job.ToJsonString()}");
            }
            await Task.Delay(50);
        }
    }
}
