namespace Reference.FeatureStore.Client;

// Which views and features a set of references ("view:feature", "view:*") reads, resolved once (for example at
// model load) and then turned into OnlineViewReads per request without another call to the feature store.
// A reader that bypasses the service also bypasses its clearance check: compare Classification with the caller's.
public sealed class OnlineFeaturePlan(IReadOnlyList<OnlineFeaturePlan.PlannedView> views)
{
    public sealed record PlannedView(FeatureViewInfo View, string[] Features, TimeSpan? Ttl);

    public IReadOnlyList<PlannedView> Views { get; } = views;

    // Every join key the plan needs, in first-seen order.
    public IReadOnlyList<string> JoinKeys { get; } = views.SelectMany(v => v.View.JoinKeys).Distinct(StringComparer.Ordinal).ToArray();

    // entities: per join key, one value per entity row (as text, the way keys are stored).
    public OnlineViewRead[] ForEntities(IReadOnlyDictionary<string, string[]> entities)
    {
        var reads = new OnlineViewRead[Views.Count];
        for (var v = 0; v < reads.Length; v++)
        {
            var view = Views[v];
            var columns = new string[view.View.JoinKeys.Length][];
            for (var k = 0; k < columns.Length; k++)
            {
                columns[k] = entities.TryGetValue(view.View.JoinKeys[k], out var values)
                    ? values
                    : throw new ArgumentException($"Feature view '{view.View.Name}' needs values for join key '{view.View.JoinKeys[k]}'.", nameof(entities));
            }
            var rows = columns[0].Length;
            var keys = new string[rows];
            var parts = new string[columns.Length];
            for (var row = 0; row < rows; row++)
            {
                for (var k = 0; k < parts.Length; k++)
                {
                    parts[k] = columns[k][row];
                }
                keys[row] = OnlineStoreLayout.Key(view.View.Name, parts);
            }
            reads[v] = new OnlineViewRead(view.View.Name, view.Features, view.Ttl, keys);
        }
        return reads;
    }
}
