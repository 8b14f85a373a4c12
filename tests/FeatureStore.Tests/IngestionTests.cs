using System.Net;
using System.Text;
using System.Text.Json;
using Reference.FeatureStore.Tests.Support;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreCollection.Name)]
public class IngestionTests(FeatureStoreApp fixture)
{
    private static readonly object[] Features =
    [
        new { name = "count", type = "int64" }, new { name = "amount", type = "float64" }, new { name = "city", type = "string" },
        new { name = "flag", type = "bool" }, new { name = "seen_at", type = "timestamp" }, new { name = "embedding", type = "float64[]" },
    ];

    private async Task<long> RowCountAsync(HttpClient client, string view) =>
        (await (await client.GetAsync($"/api/feature-views/{view}/stats")).ReadJsonAsync(HttpStatusCode.OK))["rows"]!.GetValue<long>();

    [Fact]
    public async Task Ndjson_json_arrays_and_csv_load_every_type_and_stats_report_them()
    {
        using var client = fixture.Client("data-scientist");
        var view = await client.CreateViewAsync("user_id", Features, ttl: null);

        var ndjson = """
            {"user_id": "u1", "event_timestamp": "2025-03-01T10:00:00Z", "count": 1, "amount": 1.5, "city": "Paris", "flag": true, "seen_at": "2025-03-01T09:00:00Z", "embedding": [0.1, 0.2]}
            {"user_id": 2, "event_timestamp": "2025-03-01T11:00:00+01:00", "created_timestamp": "2025-03-01T12:00:00Z", "count": null}
            """;
        await (await client.PostAsync($"/api/feature-views/{view}/rows", ndjson, "application/x-ndjson")).ReadJsonAsync(HttpStatusCode.OK);
        var array = """[{"user_id": "u3", "event_timestamp": "2025-03-02T00:00:00Z", "city": "Zürich \"Z\""}]""";
        var arrayResult = await (await client.PostAsync($"/api/feature-views/{view}/rows", array, "application/json")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, arrayResult["rows"]!.GetValue<long>());
        var csv = "user_id,event_timestamp,count,amount,city,flag,seen_at,embedding\nu4,2025-03-03T00:00:00Z,4,4.25,\"Rome, IT\",false,2025-03-03T00:00:00Z,\"[1,2,3]\"\nu5,2025-03-03T00:00:00Z,,,,,,\n";
        await (await client.PostAsync($"/api/feature-views/{view}/rows", csv, "text/csv")).ReadJsonAsync(HttpStatusCode.OK);

        var stats = await (await client.GetAsync($"/api/feature-views/{view}/stats")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, stats["rows"]!.GetValue<long>());
        Assert.Equal(0.6, stats["nullRates"]!["count"]!.GetValue<double>(), 6); // u2, u3, u5
        Assert.Equal(0.4, stats["nullRates"]!["city"]!.GetValue<double>(), 6);  // u2, u5

        var rows = await client.HistoricalAsync(new
        {
            entityRows = new object[]
            {
                new { user_id = "u1", event_timestamp = "2025-03-05T00:00:00Z" },
                new { user_id = "2", event_timestamp = "2025-03-05T00:00:00Z" },
                new { user_id = "u3", event_timestamp = "2025-03-05T00:00:00Z" },
                new { user_id = "u4", event_timestamp = "2025-03-05T00:00:00Z" },
            },
            features = new[] { $"{view}:*" },
        });
        Assert.Equal(1.5, rows[0]["amount"]!.GetValue<double>());
        Assert.True(rows[0]["flag"]!.GetValue<bool>());
        Assert.Equal([0.1, 0.2], rows[0]["embedding"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(DateTime.Parse("2025-03-01T09:00:00Z").ToUniversalTime(), rows[0]["seen_at"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Null(rows[1]["count"]); // numeric key 2 joins as "2"
        Assert.Equal("Zürich \"Z\"", rows[2]["city"]!.GetValue<string>());
        Assert.Equal("Rome, IT", rows[3]["city"]!.GetValue<string>());
        Assert.Equal([1.0, 2, 3], rows[3]["embedding"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public async Task A_bad_row_rejects_the_whole_request_and_names_the_row_and_field()
    {
        using var client = fixture.Client("ml-engineer");
        var view = await client.CreateViewAsync("user_id", Features);
        var good = Enumerable.Range(0, 500).Select(i => JsonSerializer.Serialize(new { user_id = $"u{i}", event_timestamp = "2025-03-01T00:00:00Z", count = i }));
        var body = string.Join('\n', good.Take(300).Append("""{"user_id": "bad", "event_timestamp": "2025-03-01T00:00:00Z", "count": "seven"}""").Concat(good.Skip(300)));

        var problem = await (await client.PostAsync($"/api/feature-views/{view}/rows", body, "application/x-ndjson")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("rows[300].count", problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("\"seven\"", problem["errors"]!["rows[300].count"]![0]!.GetValue<string>());
        Assert.Equal(0, await RowCountAsync(client, view));

        var csvProblem = await (await client.PostAsync($"/api/feature-views/{view}/rows", "user_id,event_timestamp,amount\nu1,2025-03-01T00:00:00Z,1.5\nu2,yesterday,2\n", "text/csv"))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("rows[1].event_timestamp", csvProblem["errors"]!.AsObject().Select(e => e.Key));

        var unknown = await (await client.PostAsync($"/api/feature-views/{view}/rows", """{"user_id": "u", "event_timestamp": "2025-03-01T00:00:00Z", "cuont": 1}""", "application/x-ndjson"))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("cuont", unknown.ToJsonString());
        var missingKey = await (await client.PostAsync($"/api/feature-views/{view}/rows", """{"event_timestamp": "2025-03-01T00:00:00Z", "count": 1}""", "application/x-ndjson"))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("rows[0].user_id", missingKey["errors"]!.AsObject().Select(e => e.Key));
        await (await client.PostAsync($"/api/feature-views/{view}/rows", """{"user_id": "u", "event_ti""", "application/x-ndjson")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsync($"/api/feature-views/{view}/rows", "<rows/>", "application/xml")).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await RowCountAsync(client, view));
    }

    [Fact]
    public async Task A_large_body_streams_in_and_a_retry_with_its_idempotency_key_does_not_load_it_twice()
    {
        using var client = fixture.Client("ml-engineer");
        var view = await client.CreateViewAsync("user_id", Features);
        var body = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            body.Append($$"""{"user_id":"u{{i % 997}}","event_timestamp":"2025-03-01T00:00:{{i % 60:00}}Z","count":{{i}},"amount":{{i}}.5,"city":"c{{i}}","embedding":[{{i}},1]}""").Append('\n');
        }
        var key = Guid.NewGuid().ToString();
        var first = await (await client.PostAsync($"/api/feature-views/{view}/rows", body.ToString(), "application/x-ndjson", key)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(20_000, first["rows"]!.GetValue<long>());
        var retry = await (await client.PostAsync($"/api/feature-views/{view}/rows", body.ToString(), "application/x-ndjson", key)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(first.ToJsonString(), retry.ToJsonString());
        Assert.Equal(20_000, await RowCountAsync(client, view));

        await (await client.PostAsync($"/api/feature-views/{view}/rows", body.ToString()[..^200], "application/x-ndjson", key)).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsync($"/api/feature-views/{view}/rows", """{"user_id":"x","event_timestamp":"2025-03-01T00:00:00Z"}""", "application/x-ndjson", key))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(20_000, await RowCountAsync(client, view));
    }
}
