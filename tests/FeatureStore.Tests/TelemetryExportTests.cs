using System.Net;
using Reference.FeatureStore.Tests.Support;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreReplicasCollection.Name)]
public class TelemetryExportTests(FeatureStoreReplicasApp fixture)
{
    [Fact]
    public async Task Freshness_and_materialized_rows_are_exported_over_otlp_per_view()
    {
        using var client = fixture.Client(0);
        var now = DateTime.UtcNow;
        var newest = now.AddMinutes(-10);
        var view = await client.CreateViewAsync("user", [new { name = "v", type = "float64" }], ttl: "1d");
        await client.IngestAsync(view,
        [
            new { user = "a", event_timestamp = now.AddMinutes(-30), v = 1.0 },
            new { user = "a", event_timestamp = newest, v = 2.0 },
            new { user = "b", event_timestamp = now.AddMinutes(-20), v = 3.0 },
        ]);
        await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-1), end = now });

        bool ForView(OtlpMetricPoint p) => p.Attributes.TryGetValue("feature_view", out var v) && v == view;
        var points = await fixture.Telemetry.WaitForAsync(
            seen => seen.Any(p => p.Metric == "reference.feature_store.freshness" && ForView(p))
                && seen.Any(p => p.Metric == "reference.feature_store.materialized_rows" && ForView(p)),
            TimeSpan.FromSeconds(60));
        var receivedBy = DateTime.UtcNow;

        var freshness = points.Last(p => p.Metric == "reference.feature_store.freshness" && ForView(p));
        Assert.Equal("gauge", freshness.Kind);
        Assert.Equal("s", freshness.Unit);
        Assert.Equal("feature-store", freshness.Resource["service.name"]);
        Assert.StartsWith("feature-store-", freshness.Resource["service.instance.id"]);
        // now − newest materialized event, measured when the point was taken (between materializing and receiving it).
        var pointTime = DateTime.UnixEpoch.AddTicks((long)(freshness.TimeUnixNano / 100));
        Assert.InRange(freshness.Value, (now - newest).TotalSeconds - 1, (receivedBy - newest).TotalSeconds + 1);
        Assert.InRange(pointTime, now.AddSeconds(-1), receivedBy.AddSeconds(1));

        // A cumulative sum per replica: the latest point of each, summed, is the rows this view sent online (2 keys).
        var rows = points.Where(p => p.Metric == "reference.feature_store.materialized_rows" && ForView(p))
            .GroupBy(p => p.Resource["service.instance.id"])
            .Sum(g => g.MaxBy(p => p.TimeUnixNano)!.Value);
        Assert.Equal(2, rows);
        Assert.All(points.Where(p => p.Metric == "reference.feature_store.materialized_rows"), p => Assert.Equal("sum", p.Kind));
        Assert.All(fixture.Telemetry.ContentTypes, type => Assert.Equal("application/x-protobuf", type));
    }

    [Fact]
    public async Task Ingested_rows_are_counted_per_view_and_source_once_committed_and_exported_over_otlp()
    {
        using var client = fixture.Client(0);
        var now = DateTime.UtcNow;
        var view = await client.CreateViewAsync("user", [new { name = "v", type = "int64" }], ttl: "1d");
        await client.IngestAsync(view, Enumerable.Range(0, 3).Select(i => (object)new { user = $"u{i}", event_timestamp = now.AddMinutes(-i), v = i }));
        // A rejected request stores nothing and counts nothing; a replay of a stored one is not counted again.
        await (await client.PostAsync($"/api/feature-views/{view}/rows", """{"user":"x","event_timestamp":"not a time","v":1}""", "application/x-ndjson")).ReadProblemAsync(HttpStatusCode.BadRequest);
        var once = $$"""{"user":"k","event_timestamp":"{{now:O}}","v":7}""";
        await (await client.PostAsync($"/api/feature-views/{view}/rows", once, "application/x-ndjson", idempotencyKey: $"once-{view}")).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.PostAsync($"/api/feature-views/{view}/rows", once, "application/x-ndjson", idempotencyKey: $"once-{view}")).ReadJsonAsync(HttpStatusCode.OK);
        var pushed = new { rows = new[] { new { user = "p1", event_timestamp = now, v = 1 }, new { user = "p2", event_timestamp = now, v = 2 } }, to = "offline" };
        await (await client.PostJsonAsync($"/api/push/{view}", pushed)).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"/api/push/{view}", new { pushed.rows, to = "online" })).ReadJsonAsync(HttpStatusCode.OK);

        // Cumulative sums per replica and source: the latest point of each, summed over replicas.
        double Total(IReadOnlyList<OtlpMetricPoint> seen, string source) => seen
            .Where(p => p.Metric == "reference.feature_store.ingested_rows" && p.Attributes.GetValueOrDefault("feature_view") == view && p.Attributes.GetValueOrDefault("source") == source)
            .GroupBy(p => p.Resource["service.instance.id"])
            .Sum(g => g.MaxBy(p => p.TimeUnixNano)!.Value);
        var points = await fixture.Telemetry.WaitForAsync(seen => Total(seen, "ingest") >= 4 && Total(seen, "push") >= 2, TimeSpan.FromSeconds(60));
        Assert.Equal(4, Total(points, "ingest"));
        Assert.Equal(2, Total(points, "push"));
        var point = points.First(p => p.Metric == "reference.feature_store.ingested_rows");
        Assert.Equal(("sum", "{row}"), (point.Kind, point.Unit));
    }
}
