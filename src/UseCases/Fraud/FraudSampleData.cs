namespace Reference.UseCases.Fraud;

// One card transaction's features, its label, and the label event that training joins the features to.
public sealed record FraudSample(
    string CardId, DateTimeOffset FeaturesAt, long TxnCount1h, double AmountAvg24h, double MerchantRisk, string Channel, DateTimeOffset LabelAt, bool IsFraud);

// Deterministic synthetic fraud data: the same rows and seed give the same samples. Fraud is more likely with many
// recent transactions, high amounts, risky merchants and the online channel, with noise, so a good model reaches an
// AUC near 0.9 and a constant one 0.5.
public static class FraudSampleData
{
    private static readonly string[] Channels = ["pos", "online", "atm"];

    public static IEnumerable<FraudSample> Generate(int rows, int seed, DateTimeOffset? start = null)
    {
        var random = new Random(seed);
        var origin = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var cards = Math.Max(1, rows / 4);
        for (var i = 0; i < rows; i++)
        {
            // Rows are in time order, so a card's latest features before its label event are the ones just written.
            var at = origin.AddMinutes(i);
            var card = $"card-{random.Next(cards):D6}";
            var count = (long)Math.Round(-Math.Log(1 - random.NextDouble()) * 3);
            var amount = Math.Round(Math.Exp(3.5 + (random.NextDouble() * 2)), 2);
            var risk = Math.Round(random.NextDouble(), 4);
            var channel = Channels[random.Next(Channels.Length)];
            var score = -4.0 + (0.35 * count) + (0.012 * amount) + (2.5 * risk) + (channel == "online" ? 1.0 : 0) + Normal(random);
            var fraud = score > 0;
            yield return new FraudSample(card, at, count, amount, risk, channel, at.AddSeconds(30), fraud);
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
