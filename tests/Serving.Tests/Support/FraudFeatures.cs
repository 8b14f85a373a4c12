using System.Net.Http.Json;
using Reference.Learning.Data;
using Reference.UseCases.Fraud;

namespace Reference.Serving.Tests.Support;

// The fraud use case's card_txn_stats view in the feature store, and the latest sample of each card pushed online
// (event time: a minute ago, well inside the view's 7-day TTL). Models are trained on the same samples, with inputs
// named as the training runner names them ("view__feature").
public sealed class FraudFeatures
{
    public const string View = "card_txn_stats";
    public const string TxnCount = View + "__txn_count_1h";
    public const string AmountAvg = View + "__amount_avg_24h";
    public const string MerchantRisk = View + "__merchant_risk";
    public const string Channel = View + "__channel";

    public static readonly CategoryVocabulary Channels = new(["pos", "online", "atm"]);

    public IReadOnlyList<FraudSample> Samples { get; } = FraudSampleData.Generate(600, seed: 11).ToList();

    // The online value of each card: its last sample.
    public IReadOnlyDictionary<string, FraudSample> Online => Samples.GroupBy(s => s.CardId).ToDictionary(g => g.Key, g => g.Last());

    public async Task ApplyAsync(HttpClient featureStore)
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
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var rows = Online.Values.Select(s => new
        {
            card_id = s.CardId, event_timestamp = at, txn_count_1h = s.TxnCount1h, amount_avg_24h = s.AmountAvg24h, merchant_risk = s.MerchantRisk, channel = s.Channel,
        }).ToArray();
        using var response = await featureStore.PostAsJsonAsync($"/api/push/{View}", new { to = "online", rows });
        Assert.True(response.IsSuccessStatusCode, $"push: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public TrainingSet TrainingSet()
    {
        var count = Samples.Count;
        double[] txn = new double[count], amount = new double[count], risk = new double[count], channel = new double[count], labels = new double[count];
        for (var i = 0; i < count; i++)
        {
            var s = Samples[i];
            (txn[i], amount[i], risk[i], channel[i], labels[i]) = (s.TxnCount1h, s.AmountAvg24h, s.MerchantRisk, Channels.IndexOf(s.Channel), s.IsFraud ? 1 : 0);
        }
        var matrix = FeatureMatrix.FromColumns(
            [txn, amount, risk, channel],
            [new FeatureInfo(TxnCount, ColumnType.Int64), FeatureInfo.Numeric(AmountAvg), FeatureInfo.Numeric(MerchantRisk), FeatureInfo.Categorical(Channel, Channels)]);
        return new TrainingSet(matrix, labels);
    }

    // The row a model sees for a sample, in the training column order.
    public static double[] Row(FraudSample sample) => [sample.TxnCount1h, sample.AmountAvg24h, sample.MerchantRisk, Channels.IndexOf(sample.Channel)];

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
