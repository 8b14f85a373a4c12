using Reference.UseCases.SampleData;

namespace Reference.UseCases.Churn;

// The churn samples as the views of usecase.yaml: customer_activity (features), churn_labels (labels) and the entity
// set churn_training_events (one row per label event).
public sealed class ChurnSampleDataGenerator : ISampleDataGenerator
{
    public string Name => "churn";

    public SampleDataSet Generate(int rows, int seed)
    {
        IEnumerable<ChurnSample> Samples() => ChurnSampleData.Generate(rows, seed);
        return new SampleDataSet(
            new Dictionary<string, IEnumerable<IReadOnlyDictionary<string, object?>>>
            {
                ["customer_activity"] = Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    ["customer_id"] = s.CustomerId, ["event_timestamp"] = s.FeaturesAt, ["tenure_months"] = s.TenureMonths,
                    ["monthly_usage_hours"] = s.MonthlyUsageHours, ["support_tickets_90d"] = s.SupportTickets90d,
                    ["plan"] = s.Plan, ["monthly_charge"] = s.MonthlyCharge,
                }),
                ["churn_labels"] = Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    ["customer_id"] = s.CustomerId, ["event_timestamp"] = s.LabelAt, ["churned"] = s.Churned,
                }),
            },
            "churn_training_events",
            Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["customer_id"] = s.CustomerId, ["event_timestamp"] = s.LabelAt,
            }));
    }
}
