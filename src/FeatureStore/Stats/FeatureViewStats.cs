using Npgsql;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Materialization;

namespace Reference.FeatureStore.Stats;

public sealed record FeatureViewStats(
    string View,
    int Version,
    long Rows,
    DateTimeOffset? OldestEventTimestamp,
    DateTimeOffset? NewestEventTimestamp,
    DateTimeOffset? Watermark,
    DateTimeOffset? NewestMaterialized,
    double? FreshnessSeconds,
    Dictionary<string, double> NullRates);

// Row counts, event-time range and per-feature null rates of the offline table, with materialization freshness.
public sealed class FeatureViewStatistics(NpgsqlDataSource dataSource, MaterializationStore jobs, TimeProvider time)
{
    public async Task<FeatureViewStats> ComputeAsync(FeatureView view, CancellationToken cancellationToken)
    {
        var counts = string.Concat(view.Features.Select(f => $", count({DefinitionNames.Quote(f.Name)})"));
        await using var command = dataSource.CreateCommand(
            $"SELECT count(*), min(event_timestamp), max(event_timestamp){counts} FROM {DefinitionNames.Quote(view.OfflineTable)}");
        long rows;
        DateTimeOffset? oldest, newest;
        var nullRates = new Dictionary<string, double>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            rows = reader.GetInt64(0);
            oldest = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
            newest = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
            for (var i = 0; i < view.Features.Length; i++)
            {
                nullRates[view.Features[i].Name] = rows == 0 ? 0 : 1 - (reader.GetInt64(3 + i) / (double)rows);
            }
        }

        var (watermark, materialized) = await jobs.GetWatermarkAsync(view.Name, cancellationToken);
        double? freshness = materialized is { } m ? (time.GetUtcNow() - m).TotalSeconds : null;
        return new FeatureViewStats(view.Name, view.Definition.Version, rows, oldest, newest, watermark, materialized, freshness, nullRates);
    }
}
