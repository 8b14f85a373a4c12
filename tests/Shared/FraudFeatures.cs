using Reference.Learning.Data;
using Reference.UseCases.Fraud;

namespace Reference.Tests.Shared;

// The fraud use case's card_txn_stats view in a feature store with the latest sample of each card pushed online (event
// time: a minute ago, well inside the view's 7-day TTL), and a training set of the same samples with inputs named as
// the training runner names them ("view__feature"), for models trained in-process and then served.
public sealed class FraudFeatures(int rows = 600, int seed = 11)
{
    public const string View = FraudDefinitions.View;
    public const string TxnCount = View + "__txn_count_1h";
    public const string AmountAvg = View + "__amount_avg_24h";
    public const string MerchantRisk = View + "__merchant_risk";
    public const string Channel = View + "__channel";

    public static readonly CategoryVocabulary Channels = new(["pos", "online", "atm"]);

    public IReadOnlyList<FraudSample> Samples { get; } = FraudSampleData.Generate(rows, seed).ToList();

    // The online value of each card: its last sample.
    public IReadOnlyDictionary<string, FraudSample> Online => Samples.GroupBy(s => s.CardId).ToDictionary(g => g.Key, g => g.Last());

    public async Task ApplyAsync(HttpClient featureStore)
    {
        await FraudDefinitions.ApplyAsync(featureStore, withLabels: false);
        await FraudDefinitions.PushLatestOnlineAsync(featureStore, Online.Values, DateTimeOffset.UtcNow.AddMinutes(-1));
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
}
