namespace Reference.UseCases.Demand;

// One store-item day: its price, promotion, weekday and recent sales, the units sold that day, and the label event
// that training joins the features to.
public sealed record DemandSample(
    string StoreItemId, DateTimeOffset FeaturesAt, double Price, bool OnPromo, long DayOfWeek, double UnitsLag7d,
    double UnitsAvg28d, DateTimeOffset LabelAt, double UnitsSold);

// Deterministic synthetic demand data: the same rows and seed give the same samples. Units sold follow each
// store-item's own level (which the lagged sales reveal), the weekday, the price against the item's list price
// (elasticity -1.5) and promotions (+30 %), with Poisson-like noise, so a good regressor explains most of the
// variance (R² near 0.9, RMSE near a quarter of the labels' spread) while predicting the mean explains none.
public static class DemandSampleData
{
    private static readonly double[] WeekdayFactors = [0.9, 0.85, 0.9, 1.0, 1.15, 1.35, 1.25];

    public static IEnumerable<DemandSample> Generate(int rows, int seed, DateTimeOffset? start = null)
    {
        var random = new Random(seed);
        var origin = start ?? new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var storeItems = Math.Clamp(rows / 50, 1, 2000);
        var levels = new double[storeItems];
        var listPrices = new double[storeItems];
        for (var s = 0; s < storeItems; s++)
        {
            levels[s] = Math.Exp(1.5 + (random.NextDouble() * 2.5));
            listPrices[s] = Math.Round(2 + (random.NextDouble() * 18), 2);
        }

        // One row per store-item per day, in time order; the label event comes before the item's next row, so a
        // point-in-time join pairs each label with its own day's features.
        for (var i = 0; i < rows; i++)
        {
            var s = i % storeItems;
            var at = origin.AddDays(i / storeItems).AddSeconds(s);
            var weekday = (long)(((int)at.DayOfWeek + 6) % 7);
            var promo = random.NextDouble() < 0.15;
            var price = Math.Round(listPrices[s] * (promo ? 0.8 : 1) * (0.95 + (random.NextDouble() * 0.1)), 2);
            var lag7 = Math.Round(Math.Max(0, levels[s] * (1 + (Normal(random) * 0.15))), 2);
            var avg28 = Math.Round(Math.Max(0, levels[s] * (1 + (Normal(random) * 0.08))), 2);
            var expected = levels[s] * WeekdayFactors[weekday] * Math.Pow(price / listPrices[s], -1.5) * (promo ? 1.3 : 1);
            var units = Math.Max(0, Math.Round(expected + (Normal(random) * Math.Sqrt(expected))));
            yield return new DemandSample($"s{s % 20:D2}-i{s:D4}", at, price, promo, weekday, lag7, avg28, at.AddHours(23), units);
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
