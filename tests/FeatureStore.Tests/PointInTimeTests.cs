using System.Net;
using System.Text.Json.Nodes;
using Reference.FeatureStore.Tests.Support;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreCollection.Name)]
public class PointInTimeTests(FeatureStoreApp fixture)
{
    [Fact]
    public async Task Joins_follow_feast_semantics_on_hand_built_cases()
    {
        using var client = fixture.Client("data-scientist");
        var entity = Api.Unique("acct");
        (await client.PutJsonAsync($"/api/entities/{entity}", new { joinKeys = new[] { "k" } })).EnsureSuccessStatusCode();
        var a = await client.CreateViewAsync("k", [new { name = "x", type = "int64" }], ttl: "1h", entityName: entity);
        var b = await client.CreateViewAsync("k", [new { name = "y", type = "string" }], ttl: null, entityName: entity);
        await client.IngestAsync(a,
        [
            new { k = "k1", event_timestamp = "2025-01-01T10:00:00Z", created_timestamp = "2025-01-01T10:00:00Z", x = 1 },
            new { k = "k1", event_timestamp = "2025-01-01T10:00:00Z", created_timestamp = "2025-01-01T10:05:00Z", x = 2 },
            new { k = "k1", event_timestamp = "2025-01-01T11:00:00Z", created_timestamp = "2025-01-01T09:00:00Z", x = 3 },
            new { k = "k2", event_timestamp = "2025-01-01T09:00:00Z", created_timestamp = "2025-01-01T09:00:00Z", x = 20 },
        ]);
        await client.IngestAsync(b,
        [
            new { k = "k1", event_timestamp = "2025-01-01T08:00:00Z", y = "old" },
            new { k = "k1", event_timestamp = "2025-01-01T10:45:00Z", y = "new" },
        ]);

        object Row(string k, string at, int label) => new { k, event_timestamp = at, label };
        var rows = await client.HistoricalAsync(new
        {
            features = new[] { $"{a}:x", $"{b}:y" },
            entityRows = new[]
            {
                Row("k1", "2025-01-01T09:59:59Z", 0),        // before any row of a: null
                Row("k1", "2025-01-01T10:00:00Z", 1),        // equal event time is included; the tie goes to the later created_timestamp
                Row("k1", "2025-01-01T10:30:00Z", 2),
                Row("k2", "2025-01-01T10:00:00Z", 3),        // exactly the TTL old: still valid
                Row("k2", "2025-01-01T10:00:00.000001Z", 4), // one microsecond past the TTL: null
                Row("k1", "2025-01-01T11:00:00Z", 5),
                Row("k1", "2025-01-01T10:30:00Z", 6),        // duplicate entity rows each get their answer
                Row("k3", "2025-01-01T12:00:00Z", 7),        // unknown key
            },
        });

        Assert.Equal(Enumerable.Range(0, 8), rows.Select(r => r["label"]!.GetValue<int>()));
        Assert.Equal(new long?[] { null, 2, 2, 20, null, 3, 2, null }, rows.Select(r => r["x"]?.GetValue<long>()));
        Assert.Equal(new[] { "old", "old", "old", null, null, "new", "old", null }, rows.Select(r => r["y"]?.GetValue<string>()));
        Assert.Equal("k1", rows[0]["k"]!.GetValue<string>());
        Assert.Equal("2025-01-01T10:00:00.000001Z", rows[4]["event_timestamp"]!.GetValue<string>());

        var full = await client.HistoricalAsync(new { fullFeatureNames = true, features = new[] { $"{b}:y", $"{a}:x" }, entityRows = new[] { Row("k1", "2025-01-01T10:30:00Z", 9) } });
        Assert.Equal(["k", "event_timestamp", "label", $"{b}__y", $"{a}__x"], full.Single().Select(p => p.Key));

        // The same join as CSV.
        var csv = await (await client.PostJsonAsync("/api/historical-features", new { features = new[] { $"{a}:x", $"{b}:y" }, entityRows = new[] { Row("k1", "2025-01-01T10:30:00Z", 9), Row("k3", "2025-01-01T10:30:00Z", 10) } }, accept: "text/csv"))
            .Content.ReadAsStringAsync();
        Assert.Equal(["event_timestamp,k,label,x,y", "2025-01-01T10:30:00Z,k1,9,2,old", "2025-01-01T10:30:00Z,k3,10,,"], csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));

        // A stored entity set gives the same answer as the same rows sent inline.
        var set = Api.Unique("set");
        var stored = await (await client.PutJsonAsync($"/api/entity-sets/{set}", new { entityRows = new[] { Row("k1", "2025-01-01T10:30:00Z", 9), Row("k2", "2025-01-01T10:00:00Z", 3) } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, stored["rows"]!.GetValue<long>());
        var fromSet = await client.HistoricalAsync(new { entitySet = set, features = new[] { $"{a}:x", $"{b}:y" } });
        var inline = await client.HistoricalAsync(new { entityRows = new[] { Row("k1", "2025-01-01T10:30:00Z", 9), Row("k2", "2025-01-01T10:00:00Z", 3) }, features = new[] { $"{a}:x", $"{b}:y" } });
        Assert.Equal(inline.Select(r => r.ToJsonString()), fromSet.Select(r => r.ToJsonString()));
        await (await client.PostJsonAsync("/api/historical-features", new { entitySet = "no_such_set", features = new[] { $"{a}:x" } })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        // A feature service resolves to the same columns.
        var service = Api.Unique("svc");
        (await client.PutJsonAsync($"/api/feature-services/{service}", new { features = new[] { $"{a}:*", $"{b}:y" } })).EnsureSuccessStatusCode();
        var viaService = await client.HistoricalAsync(new { featureService = service, entityRows = new[] { Row("k1", "2025-01-01T10:30:00Z", 9) } });
        Assert.Equal(2, viaService.Single()["x"]!.GetValue<long>());
        Assert.Equal("old", viaService.Single()["y"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_entity_rows_and_unknown_features_are_refused_before_anything_streams()
    {
        using var writer = fixture.Client("data-scientist");
        var view = await writer.CreateViewAsync("k", [new { name = "x", type = "int64" }]);
        using var client = fixture.Client("service");
        var missingTime = await (await client.PostJsonAsync("/api/historical-features", new { features = new[] { $"{view}:x" }, entityRows = new object[] { new { k = "a", event_timestamp = "2025-01-01T00:00:00Z" }, new { k = "b" } } }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("entityRows[1].event_timestamp", missingTime["errors"]!.AsObject().Select(e => e.Key));
        var missingKey = await (await client.PostJsonAsync("/api/historical-features", new { features = new[] { $"{view}:x" }, entityRows = new object[] { new { k = "a", event_timestamp = "2025-01-01T00:00:00Z" }, new { other = 1, event_timestamp = "2025-01-01T00:00:00Z" } } }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("entityRows[1].k", missingKey["errors"]!.AsObject().Select(e => e.Key));
        var unknown = await (await client.PostJsonAsync("/api/historical-features", new { features = new[] { $"{view}:nope" }, entityRows = new object[] { new { k = "a", event_timestamp = "2025-01-01T00:00:00Z" } } }))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("nope", unknown.ToJsonString());
        await (await client.PostAsync("/api/historical-features", """{"features": ["x:y"], "entityRows": [{"k": """, "application/json")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_randomized_join_matches_a_naive_reference_implementation()
    {
        using var client = fixture.Client("ml-engineer");
        var view = await client.CreateViewAsync("k", [new { name = "v", type = "int64" }], ttl: "2h");
        var random = new Random(20250101);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var featureRows = new List<(string Key, DateTime At, DateTime? Created, long Value)>();
        var used = new HashSet<(string, DateTime, DateTime?)>();
        while (featureRows.Count < 3000)
        {
            var key = $"k{random.Next(40)}";
            var at = start.AddMinutes(random.Next(24 * 60 / 5) * 5); // coarse times, so event-time ties are common
            DateTime? created = random.Next(4) == 0 ? null : at.AddMinutes(random.Next(3));
            if (used.Add((key, at, created)))
            {
                featureRows.Add((key, at, created, featureRows.Count));
            }
        }
        await client.IngestAsync(view, featureRows.Select(r => r.Created is { } c
            ? (object)new { k = r.Key, event_timestamp = r.At, created_timestamp = c, v = r.Value }
            : new { k = r.Key, event_timestamp = r.At, v = r.Value }));

        var entityRows = Enumerable.Range(0, 2000).Select(i => (Key: $"k{random.Next(45)}", At: start.AddMinutes(random.Next(26 * 60)), Id: i)).ToList();
        var joined = await client.HistoricalAsync(new { features = new[] { $"{view}:v" }, entityRows = entityRows.Select(e => new { k = e.Key, event_timestamp = e.At, id = e.Id }) });

        var ttl = TimeSpan.FromHours(2);
        var expected = entityRows.Select(e => featureRows
            .Where(f => f.Key == e.Key && f.At <= e.At && f.At >= e.At - ttl)
            .OrderByDescending(f => f.At).ThenByDescending(f => f.Created ?? DateTime.MinValue)
            .Select(f => (long?)f.Value).FirstOrDefault()).ToList();
        Assert.Equal(entityRows.Select(e => e.Id), joined.Select(r => r["id"]!.GetValue<int>()));
        Assert.Equal(expected, joined.Select(r => r["v"]?.GetValue<long>()));
        Assert.True(expected.Count(v => v is null) is > 100 and < 1900, "the data should exercise both matches and misses");
    }
}
