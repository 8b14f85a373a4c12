using System.Net;
using System.Text.Json;
using Reference.FeatureStore.Tests.Support;

namespace Reference.FeatureStore.Tests;

[Collection(FeatureStoreCollection.Name)]
public class StreamingTests(FeatureStoreApp fixture)
{
    [Fact]
    public async Task Bodies_that_arrive_a_few_bytes_at_a_time_parse_exactly_like_whole_ones()
    {
        using var client = fixture.Client("ml-engineer");
        var view = await client.CreateViewAsync("user", [new { name = "n", type = "int64" }, new { name = "s", type = "string" }, new { name = "e", type = "float64[]" }], ttl: null);
        var rows = Enumerable.Range(0, 300).Select(i => JsonSerializer.Serialize(new { user = $"u{i % 17}", event_timestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i), n = i, s = $"é\"{i}\"", e = new[] { i, 0.5 } }));
        using (var ingest = new HttpRequestMessage(HttpMethod.Post, $"/api/feature-views/{view}/rows") { Content = new TrickleContent("[" + string.Join(",\n", rows) + "]", "application/json", 1).Typed() })
        {
            var result = await (await client.SendAsync(ingest)).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(300, result["rows"]!.GetValue<long>());
        }

        var entityRows = Enumerable.Range(0, 200).Select(i => new { user = $"u{i % 19}", event_timestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i * 2), label = new { nested = new[] { i } } }).ToArray();
        var request = JsonSerializer.Serialize(new { entityRows, features = new[] { $"{view}:n", $"{view}:s", $"{view}:e" } });
        using var trickled = new HttpRequestMessage(HttpMethod.Post, "/api/historical-features") { Content = new TrickleContent(request, "application/json", 2).Typed() };
        var trickledRows = await (await client.SendAsync(trickled)).Content.ReadAsStringAsync();
        var wholeRows = await (await client.PostAsync("/api/historical-features", request, "application/json")).Content.ReadAsStringAsync();
        Assert.Equal(200, wholeRows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(wholeRows, trickledRows);
        var first = JsonDocument.Parse(wholeRows.Split('\n')[20]).RootElement;
        Assert.Equal(35, first.GetProperty("n").GetInt64()); // entity row 20 is u1 at minute 40; u1 rows are i = 1, 18, 35, 52…
    }
}
