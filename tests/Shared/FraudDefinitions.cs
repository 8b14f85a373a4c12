using Reference.UseCases.Fraud;
using static Reference.Tests.Shared.FeatureStoreRequests;

namespace Reference.Tests.Shared;

// The fraud use case's definitions (src/UseCases/Fraud/usecase.yaml) and sample history in a feature store, as
// `platform apply` and `platform ingest` leave them: the card entity, the card_txn_stats and fraud_labels views, the
// fraud_v1 service, and the entity set of label events that training joins features to.
public static class FraudDefinitions
{
    public const string View = "card_txn_stats";
    public const string LabelView = "fraud_labels";
    public const string LabelColumn = "is_fraud";
    public const string FeatureService = "fraud_v1";
    public const string EntitySet = "fraud_training_events";

    public static async Task ApplyAsync(HttpClient featureStore, bool withLabels = true)
    {
        await PutAsync(featureStore, "/api/entities/card", new { joinKeys = new[] { "card_id" } });
        await PutAsync(featureStore, $"/api/feature-views/{View}", new
        {
            entities = new[] { "card" }, ttl = "7d", classification = "confidential", residency = "eu",
            features = new object[]
            {
                new { name = "txn_count_1h", type = "int64" }, new { name = "amount_avg_24h", type = "float64" },
                new { name = "merchant_risk", type = "float64" }, new { name = "channel", type = "string" },
            },
        });
        if (withLabels)
        {
            await PutAsync(featureStore, $"/api/feature-views/{LabelView}", new
            {
                entities = new[] { "card" }, ttl = "1d", classification = "confidential", residency = "eu", features = new[] { new { name = LabelColumn, type = "bool" } },
            });
            await PutAsync(featureStore, $"/api/feature-services/{FeatureService}", new { features = new[] { $"{View}:*" } });
        }
    }

    // The samples' features and labels offline, and their label events as the training entity set.
    public static async Task LoadHistoryAsync(HttpClient featureStore, IReadOnlyList<FraudSample> samples)
    {
        await IngestAsync(featureStore, View, samples.Select(FeatureRow));
        await IngestAsync(featureStore, LabelView, samples.Select(s => new { card_id = s.CardId, event_timestamp = s.LabelAt, is_fraud = s.IsFraud }));
        await PutAsync(featureStore, $"/api/entity-sets/{EntitySet}", new { entityRows = samples.Select(s => new { card_id = s.CardId, event_timestamp = s.LabelAt }) });
    }

    // Each card's latest sample online, stamped `at` (so that it is inside the view's TTL whatever the samples' dates).
    public static Task PushLatestOnlineAsync(HttpClient featureStore, IEnumerable<FraudSample> latest, DateTimeOffset at) =>
        PushOnlineAsync(featureStore, View, latest.Select(s => FeatureRow(s with { FeaturesAt = at })).ToArray());

    private static object FeatureRow(FraudSample s) => new
    {
        card_id = s.CardId, event_timestamp = s.FeaturesAt, txn_count_1h = s.TxnCount1h, amount_avg_24h = s.AmountAvg24h,
        merchant_risk = s.MerchantRisk, channel = s.Channel,
    };
}
