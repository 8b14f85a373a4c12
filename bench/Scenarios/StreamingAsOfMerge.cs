using System.Diagnostics;
using Npgsql;

namespace Reference.Bench.Scenarios;

// The as-of join as a streaming merge in C#: entity rows (bench_pit_entities, written by FeatureStoreScenario) in
// (key, ts) order and feature rows in index order ((key, event_timestamp, created_timestamp), no sort) are read side
// by side on two connections, each held one row at a time; per entity row the last feature row of the same key at or before it is the answer (ties go to the
// greatest created_timestamp, the last in index order), then the TTL is checked. O(N log N + M) with the entity
// sort in PostgreSQL. It does not restore input order (the SQL variants end with ORDER BY ord), so it is a lower
// bound for a service that would stream it back; the checksum (FeatureStoreScenario's) is order-independent, so the
// caller compares it with the SQL variants'. Keys compare ordinally, as PostgreSQL sorts them in the C locale.
internal static class StreamingAsOfMerge
{
    public static async Task<(double Seconds, long Rows, long Checksum)> RunAsync(string connectionString, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var entityConnection = new NpgsqlConnection(connectionString);
        await using var featureConnection = new NpgsqlConnection(connectionString);
        await Task.WhenAll(entityConnection.OpenAsync(cancellationToken), featureConnection.OpenAsync(cancellationToken));
        await using var entityCommand = new NpgsqlCommand("SELECT k, ts, ord FROM bench_pit_entities ORDER BY k, ts", entityConnection) { CommandTimeout = 0 };
        await using var featureCommand = new NpgsqlCommand("""
            SELECT "user_id", event_timestamp, "b" FROM "fv_bench_history" ORDER BY "user_id", event_timestamp, created_timestamp
            """, featureConnection) { CommandTimeout = 0 };
        await using var entities = await entityCommand.ExecuteReaderAsync(cancellationToken);
        await using var features = await featureCommand.ExecuteReaderAsync(cancellationToken);

        var hasFeature = await features.ReadAsync(cancellationToken);
        string? matchKey = null;
        DateTime matchTime = default;
        long matchB = 0;
        long rows = 0, checksum = 0;
        while (await entities.ReadAsync(cancellationToken))
        {
            var key = entities.GetString(0);
            var at = entities.GetFieldValue<DateTime>(1);
            var ord = entities.GetInt64(2);
            if (matchKey is not null && string.CompareOrdinal(matchKey, key) != 0)
            {
                matchKey = null;
            }
            // Feature rows of earlier keys are skipped; those of this key up to the entity time become the candidate.
            while (hasFeature)
            {
                var featureKey = features.GetString(0);
                var order = string.CompareOrdinal(featureKey, key);
                if (order > 0)
                {
                    break;
                }
                if (order == 0)
                {
                    var featureTime = features.GetFieldValue<DateTime>(1);
                    if (featureTime > at)
                    {
                        break;
                    }
                    (matchKey, matchTime, matchB) = (featureKey, featureTime, features.GetInt64(2));
                }
                hasFeature = await features.ReadAsync(cancellationToken);
            }
            rows++;
            checksum += matchKey is not null && matchTime >= at - ttl ? ord * (1 + matchB) : -ord;
        }
        return (clock.Elapsed.TotalSeconds, rows, checksum);
    }
}
