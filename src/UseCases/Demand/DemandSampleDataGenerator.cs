using Reference.UseCases.SampleData;

namespace Reference.UseCases.Demand;

// The demand samples as the views of usecase.yaml: store_item_daily (features), demand_labels (labels) and the entity
// set demand_training_events (one row per label event).
public sealed class DemandSampleDataGenerator : ISampleDataGenerator
{
    public string Name => "demand";

    public SampleDataSet Generate(int rows, int seed)
    {
        IEnumerable<DemandSample> Samples() => DemandSampleData.Generate(rows, seed);
        return new SampleDataSet(
            new Dictionary<string, IEnumerable<IReadOnlyDictionary<string, object?>>>
            {
                ["store_item_daily"] = Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    ["store_item_id"] = s.StoreItemId, ["event_timestamp"] = s.FeaturesAt, ["price"] = s.Price,
                    ["on_promo"] = s.OnPromo, ["day_of_week"] = s.DayOfWeek, ["units_lag_7d"] = s.UnitsLag7d,
                    ["units_avg_28d"] = s.UnitsAvg28d,
                }),
                ["demand_labels"] = Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    ["store_item_id"] = s.StoreItemId, ["event_timestamp"] = s.LabelAt, ["units_sold"] = s.UnitsSold,
                }),
            },
            "demand_training_events",
            Samples().Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["store_item_id"] = s.StoreItemId, ["event_timestamp"] = s.LabelAt,
            }));
    }
}
