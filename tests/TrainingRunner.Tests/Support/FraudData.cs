using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Reference.UseCases.Fraud;

namespace Reference.TrainingRunner.Tests.Support;

// Applies the fraud use case's definitions to the feature store (as `platform apply` will) and loads sample data:
// feature rows, label rows, and the entity set of label events that jobs train on. Also a restricted view and a
// feature service over it, for the placement tests.
internal static class FraudData
{
    public const string FeatureService = "fraud_v1";
    public const string RestrictedFeatureService = "fraud_restricted";
    public const string LabelView = "fraud_labels";
    public const string LabelColumn = "is_fraud";
    public const string EntitySet = "fraud_training_events";

    public static async Task ApplyAsync(HttpClient featureStore, int rows)
    {
        await PutAsync(featureStore, "/api/entities/card", new { joinKeys = new[] { "card_id" } });
        await PutAsync(featureStore, "/api/feature-views/card_txn_stats", new
        {
            entities = new[] { "card" }, ttl = "7d", classification = "confidential", residency = "eu",
            features = new object[]
            {
                new { name = "txn_count_1h", type = "int64" }, new { name = "amount_avg_24h", type = "float64" },
                new { name = "merchant_risk", type = "float64" }, new { name = "channel", type = "string" },
            },
        });
        await PutAsync(featureStore, "/api/feature-views/fraud_labels", new
        {
            entities = new[] { "card" }, ttl = "1d", classification = "confidential", residency = "eu", features = new[] { new { name = "is_fraud", type = "bool" } },
        });
        await PutAsync(featureStore, "/api/feature-views/card_secrets", new
        {
            entities = new[] { "card" }, ttl = "7d", classification = "restricted", residency = "eu", features = new[] { new { name = "holder_risk", type = "float64" } },
        });
        await PutAsync(featureStore, $"/api/feature-services/{FeatureService}", new { features = new[] { "card_txn_stats:*" } });
        await PutAsync(featureStore, $"/api/feature-services/{RestrictedFeatureService}", new { features = new[] { "card_txn_stats:*", "card_secrets:*" } });

        var samples = FraudSampleData.Generate(rows, seed: 42).ToList();
        await IngestAsync(featureStore, "card_txn_stats", samples.Select(s => new
        {
            card_id = s.CardId, event_timestamp = s.FeaturesAt, txn_count_1h = s.TxnCount1h, amount_avg_24h = s.AmountAvg24h,
            merchant_risk = s.MerchantRisk, channel = s.Channel,
        }));
        await IngestAsync(featureStore, "card_secrets", samples.Select(s => new { card_id = s.CardId, event_timestamp = s.FeaturesAt, holder_risk = s.MerchantRisk / 2 }));
        await IngestAsync(featureStore, LabelView, samples.Select(s => new { card_id = s.CardId, event_timestamp = s.LabelAt, is_fraud = s.IsFraud }));
        await PutAsync(featureStore, $"/api/entity-sets/{EntitySet}", new { entityRows = samples.Select(s => new { card_id = s.CardId, event_timestamp = s.LabelAt }) });
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task IngestAsync<T>(HttpClient client, string view, IEnumerable<T> rows)
    {
        var body = string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r)));
        using var response = await client.PostAsync($"/api/feature-views/{view}/rows", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ingest {view}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
