using System.Net;
using Npgsql;
using Reference.FeatureStore.Tests.Support;
using Reference.Hosting.Testing;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreCollection.Name)]
public class DefinitionsTests(FeatureStoreApp fixture)
{
    [Fact]
    public async Task A_view_is_versioned_when_its_features_change_and_a_type_change_is_refused()
    {
        using var client = fixture.Client("data-scientist");
        var entity = Api.Unique("card");
        var view = Api.Unique("card_stats");
        var created = await (await client.PutJsonAsync($"/api/entities/{entity}", new { joinKeys = new[] { "card_id" }, description = "a card" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("card_id", created["joinKeys"]![0]!.GetValue<string>());

        object Spec(params object[] features) => new { entities = new[] { entity }, ttl = "7d", classification = "confidential", residency = "eu", owner = "risk-team", features };
        var v1 = await (await client.PutJsonAsync($"/api/feature-views/{view}", Spec(new { name = "txn_count", type = "int64" })))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, v1["version"]!.GetValue<int>());
        Assert.Equal("card_id", v1["joinKeys"]![0]!.GetValue<string>());

        // Re-applying the same spec changes nothing; a metadata change keeps the version.
        var same = await (await client.PutJsonAsync($"/api/feature-views/{view}", Spec(new { name = "txn_count", type = "int64" }))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, same["version"]!.GetValue<int>());

        // Additive change: version 2, the old data stays readable.
        await client.IngestAsync(view, [new Dictionary<string, object> { ["card_id"] = "c1", ["event_timestamp"] = "2025-01-01T00:00:00Z", ["txn_count"] = 3 }]);
        var before = await client.HistoricalAsync(new { entityRows = new[] { new { card_id = "c1", event_timestamp = "2025-01-02T00:00:00Z" } }, features = new[] { $"{view}:*" } });
        Assert.False(before.Single().ContainsKey("amount_avg"));
        var v2 = await (await client.PutJsonAsync($"/api/feature-views/{view}", Spec(new { name = "txn_count", type = "int64" }, new { name = "amount_avg", type = "float64" })))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, v2["version"]!.GetValue<int>());
        var rows = await client.HistoricalAsync(new { entityRows = new[] { new { card_id = "c1", event_timestamp = "2025-01-02T00:00:00Z" } }, features = new[] { $"{view}:*" } });
        Assert.Equal(3, rows.Single()["txn_count"]!.GetValue<long>());
        var lineage = await client.PostJsonAsync("/api/historical-features", new { entityRows = new[] { new { card_id = "c1", event_timestamp = "2025-01-02T00:00:00Z" } }, features = new[] { $"{view}:txn_count" } });
        Assert.Equal($"{view}@2", lineage.Headers.GetValues("Feature-View-Versions").Single());
        Assert.True(rows.Single().ContainsKey("amount_avg"));
        Assert.Null(rows.Single()["amount_avg"]); // rows of version 1 have no value for the added feature

        // A type change of an existing feature is a conflict, and changes nothing.
        var conflict = await (await client.PutJsonAsync($"/api/feature-views/{view}", Spec(new { name = "txn_count", type = "string" }))).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("txn_count", conflict["detail"]!.GetValue<string>());
        Assert.Contains("new name", conflict["detail"]!.GetValue<string>());
        var current = await (await client.GetAsync($"/api/feature-views/{view}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, current["version"]!.GetValue<int>());
        Assert.Equal("int64", current["features"]![0]!["type"]!.GetValue<string>());

        // The OpenAPI document describes the API.
        var openApi = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(openApi["paths"]!["/api/feature-views/{name}"]);
        Assert.NotNull(openApi["paths"]!["/api/online-features"] ?? openApi["paths"]!["/api/online-features/"]);

        var versions = await (await client.GetAsync($"/api/feature-views/{view}/versions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([1, 2], versions["items"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Single(versions["items"]![0]!["spec"]!["features"]!.AsArray());

        // Every change is in the hash-chained audit log, in the same database.
        await using var connection = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync("featuresdb"));
        await connection.OpenAsync();
        await using var audit = new NpgsqlCommand("SELECT action FROM audit_log WHERE entity = $1 ORDER BY id", connection) { Parameters = { new() { Value = $"feature-view:{view}" } } };
        var actions = new List<string>();
        await using (var reader = await audit.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                actions.Add(reader.GetString(0));
            }
        }
        Assert.Equal(["feature-view.created", "rows.ingested", "feature-view.versioned"], actions);
    }

    [Fact]
    public async Task Bad_definitions_get_field_errors_and_change_nothing()
    {
        using var client = fixture.Client("ml-engineer");
        var view = Api.Unique("bad");
        var invalid = await (await client.PutJsonAsync($"/api/feature-views/{view}", new
        {
            entities = Array.Empty<string>(),
            ttl = "seven days",
            classification = "secret",
            features = new object[] { new { name = "x", type = "decimal" }, new { name = "Bad-Name", type = "int64" } },
        })).ReadProblemAsync(HttpStatusCode.BadRequest);
        var errors = invalid["errors"]!.AsObject();
        Assert.Contains("entities", errors.Select(e => e.Key));
        Assert.Contains("ttl", errors.Select(e => e.Key));
        Assert.Contains("classification", errors.Select(e => e.Key));
        Assert.Contains("features[0].type", errors.Select(e => e.Key));
        Assert.Contains("features[1].name", errors.Select(e => e.Key));

        await (await client.PostAsync($"/api/entities/{view}", "{\"joinKeys\": [", "application/json")).ReadProblemAsync(HttpStatusCode.MethodNotAllowed);
        using (var malformed = new HttpRequestMessage(HttpMethod.Put, $"/api/feature-views/{view}") { Content = new StringContent("{\"entities\": [", System.Text.Encoding.UTF8, "application/json") })
        {
            await (await client.SendAsync(malformed)).ReadProblemAsync(HttpStatusCode.BadRequest);
        }

        var unknownEntity = await (await client.PutJsonAsync($"/api/feature-views/{view}", new { entities = new[] { "nobody_here" }, features = new[] { new { name = "x", type = "int64" } } }))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("nobody_here", unknownEntity["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/feature-views/{view}")).StatusCode);

        var service = await (await client.PutJsonAsync($"/api/feature-services/{Api.Unique("svc")}", new { features = new[] { $"{view}:x" } }))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(view, service.ToJsonString());
    }

    [Fact]
    public async Task Viewers_read_definitions_but_cannot_write_them_and_lists_page()
    {
        using var writer = fixture.Client("data-scientist");
        var prefix = Api.Unique("page");
        for (var i = 0; i < 3; i++)
        {
            (await writer.PutJsonAsync($"/api/entities/{prefix}_{i}", new { joinKeys = new[] { "id" } })).EnsureSuccessStatusCode();
        }

        using var viewer = fixture.Client("viewer", "public");
        await (await viewer.PutJsonAsync($"/api/entities/{prefix}_x", new { joinKeys = new[] { "id" } })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.GetAsync($"/api/entities/{prefix}_0")).ReadJsonAsync(HttpStatusCode.OK);

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await (await viewer.GetAsync($"/api/entities?pageSize=2{(token is null ? "" : "&pageToken=" + token)}")).ReadJsonAsync(HttpStatusCode.OK);
            names.AddRange(page["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
            token = page["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal([$"{prefix}_0", $"{prefix}_1", $"{prefix}_2"], names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        await (await viewer.GetAsync("/api/entities?pageSize=0")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await viewer.GetAsync("/api/entities?pageToken=garbage")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_retried_put_with_the_same_idempotency_key_returns_the_first_answer()
    {
        using var client = fixture.Client("data-scientist");
        var name = Api.Unique("idem");
        var key = Guid.NewGuid().ToString();
        var first = await client.PutJsonAsync($"/api/entities/{name}", new { joinKeys = new[] { "id" } }, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var retry = await client.PutJsonAsync($"/api/entities/{name}", new { joinKeys = new[] { "id" } }, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());

        var reused = await client.PutJsonAsync($"/api/entities/{name}", new { joinKeys = new[] { "other" } }, key);
        await reused.ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        var entity = await (await client.GetAsync($"/api/entities/{name}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("id", entity["joinKeys"]![0]!.GetValue<string>());
    }
}
