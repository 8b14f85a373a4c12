using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Reference.Tests.Shared.FeatureStoreRequests;

namespace Reference.TrainingRunner.Tests.Support;

// A small synthetic regression problem loaded through the feature store: units sold per item and day from price,
// promotion and region, with a known generating model (noise sd 1), so a linear model's errors are predictable.
internal static class RegressionData
{
    public const string FeatureService = "units_v1";
    public const string LabelView = "units_labels";
    public const string LabelColumn = "units_sold";
    public const string EntitySet = "units_training_events";
    public const double NoiseSd = 1.0;

    private static readonly string[] Regions = ["north", "south", "west"];

    public static async Task ApplyAsync(HttpClient featureStore, int rows)
    {
        await PutAsync(featureStore, "/api/entities/item", new { joinKeys = new[] { "item_id" } });
        await PutAsync(featureStore, "/api/feature-views/item_daily", new
        {
            entities = new[] { "item" }, ttl = "2d", classification = "internal", residency = "eu",
            features = new object[] { new { name = "price", type = "float64" }, new { name = "promo", type = "int64" }, new { name = "region", type = "string" } },
        });
        await PutAsync(featureStore, $"/api/feature-views/{LabelView}", new
        {
            entities = new[] { "item" }, ttl = "1d", classification = "internal", residency = "eu", features = new[] { new { name = LabelColumn, type = "float64" } },
        });
        await PutAsync(featureStore, $"/api/feature-services/{FeatureService}", new { features = new[] { "item_daily:*" } });

        var random = new Random(7);
        var origin = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var samples = Enumerable.Range(0, rows).Select(i =>
        {
            var price = Math.Round(2 + (8 * random.NextDouble()), 2);
            var promo = random.Next(2);
            var region = Regions[random.Next(Regions.Length)];
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * NoiseSd;
            var units = 50 - (4 * price) + (6 * promo) + (region == "south" ? 5 : 0) + noise;
            return (Item: $"item-{i:D5}", At: origin.AddMinutes(i), price, promo, region, Units: Math.Round(units, 3));
        }).ToList();
        await IngestAsync(featureStore, "item_daily", samples.Select(s => new { item_id = s.Item, event_timestamp = s.At, s.price, s.promo, s.region }));
        await IngestAsync(featureStore, LabelView, samples.Select(s => new { item_id = s.Item, event_timestamp = s.At.AddSeconds(30), units_sold = s.Units }));
        await PutAsync(featureStore, $"/api/entity-sets/{EntitySet}", new { entityRows = samples.Select(s => new { item_id = s.Item, event_timestamp = s.At.AddSeconds(30) }) });
    }
}
