using Reference.UseCases.Fraud;
using static Reference.Tests.Shared.FeatureStoreRequests;

namespace Reference.TrainingRunner.Tests.Support;

// The fraud use case's definitions and sample history (as `platform apply` and `platform ingest` leave them), plus a
// restricted view and a feature service over it, for the placement tests.
internal static class FraudData
{
    public const string FeatureService = FraudDefinitions.FeatureService;
    public const string RestrictedFeatureService = "fraud_restricted";
    public const string LabelView = FraudDefinitions.LabelView;
    public const string LabelColumn = FraudDefinitions.LabelColumn;
    public const string EntitySet = FraudDefinitions.EntitySet;

    public static async Task ApplyAsync(HttpClient featureStore, int rows)
    {
        await FraudDefinitions.ApplyAsync(featureStore);
        await PutAsync(featureStore, "/api/feature-views/card_secrets", new
        {
            entities = new[] { "card" }, ttl = "7d", classification = "restricted", residency = "eu", features = new[] { new { name = "holder_risk", type = "float64" } },
        });
        await PutAsync(featureStore, $"/api/feature-services/{RestrictedFeatureService}", new { features = new[] { "card_txn_stats:*", "card_secrets:*" } });

        var samples = FraudSampleData.Generate(rows, seed: 42).ToList();
        await FraudDefinitions.LoadHistoryAsync(featureStore, samples);
        await IngestAsync(featureStore, "card_secrets", samples.Select(s => new { card_id = s.CardId, event_timestamp = s.FeaturesAt, holder_risk = s.MerchantRisk / 2 }));
    }
}
