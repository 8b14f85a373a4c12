using Reference.UseCases.SampleData;

namespace Reference.UseCases.Fraud;

// The fraud samples as the views of usecase.yaml: card_txn_stats (features), fraud_labels (labels) and the entity
// set fraud_training_events (one row per label event).
public sealed class FraudSampleDataGenerator : ISampleDataGenerator
{
    public string Name => "fraud";

    public SampleDataSet Generate(int rows, int seed)
    {
        IEnumerable<FraudSample> Samples() => FraudSampleData.Generate(rows, seed);
        return new SampleDataSet(
            new Dictionary<string, IEnumerable<IReadOnlyDictionary<string, object?>>>
            {
                ["card_txn_stats"] = Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    ["card_id"] = s.CardId, ["event_timestamp"] = s.FeaturesAt, ["txn_count_1h"] = s.TxnCount1h,
                    ["amount_avg_24h"] = s.AmountAvg24h, ["merchant_risk"] = s.MerchantRisk, ["channel"] = s.Channel,
                }),
                ["fraud_labels"] = Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    ["card_id"] = s.CardId, ["event_timestamp"] = s.LabelAt, ["is_fraud"] = s.IsFraud,
                }),
            },
            "fraud_training_events",
            Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["card_id"] = s.CardId, ["event_timestamp"] = s.LabelAt,
            }));
    }
}
