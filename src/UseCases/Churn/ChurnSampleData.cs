namespace Reference.UseCases.Churn;

// One customer's monthly activity snapshot, whether they left in the following month, and the label event that
// training joins the features to.
public sealed record ChurnSample(
    string CustomerId, DateTimeOffset FeaturesAt, long TenureMonths, double MonthlyUsageHours, long SupportTickets90d,
    string Plan, double MonthlyCharge, DateTimeOffset LabelAt, bool Churned);

// Deterministic synthetic churn data: the same rows and seed give the same samples. Churn is more likely for new
// customers, light users, customers with many support tickets, the basic plan and high charges, with noise, so a
// good model reaches an AUC near 0.9 while a constant one gets 0.5.
public static class ChurnSampleData
{
    private static readonly string[] Plans = ["basic", "standard", "premium"];
    private static readonly double[] PlanPrices = [19, 39, 79];
    private static readonly double[] PlanEffects = [0.7, 0, -0.6];

    public static IEnumerable<ChurnSample> Generate(int rows, int seed, DateTimeOffset? start = null)
    {
        var random = new Random(seed);
        var origin = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var customers = Math.Max(1, rows / 3);
        for (var i = 0; i < rows; i++)
        {
            // Rows are in time order, so a customer's latest snapshot before its label event is the one just written.
            var at = origin.AddMinutes(i * 5);
            var customer = $"cust-{random.Next(customers):D6}";
            var tenure = (long)Math.Min(120, Math.Round(-Math.Log(1 - random.NextDouble()) * 24));
            var plan = random.Next(Plans.Length);
            var usage = Math.Round(Math.Max(0, (random.NextDouble() * 40) + (plan * 10) + (Normal(random) * 5)), 1);
            var tickets = (long)Math.Round(-Math.Log(1 - random.NextDouble()) * 1.5);
            var charge = Math.Round(PlanPrices[plan] * (0.8 + (random.NextDouble() * 0.5)), 2);
            var score = 0.6 - (0.05 * tenure) - (0.06 * usage) + (0.55 * tickets) + PlanEffects[plan] + (0.015 * (charge - PlanPrices[plan])) + Normal(random);
            var churned = score > 0;
            yield return new ChurnSample(customer, at, tenure, usage, tickets, Plans[plan], charge, at.AddMinutes(1), churned);
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
