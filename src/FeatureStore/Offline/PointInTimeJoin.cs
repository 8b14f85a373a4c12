using System.Text;
using Npgsql;
using NpgsqlTypes;
using Reference.FeatureStore.Definitions;

namespace Reference.FeatureStore.Offline;

// Feast's point-in-time semantics in one query: for each entity row and view, the feature row with the greatest
// event_timestamp <= the entity row's, no older than the view's TTL (inclusive), ties broken by the greatest
// created_timestamp; nulls when there is none. Each lookup is one descent of the view's
// (join keys, event_timestamp, created_timestamp) btree and the entity rows are sorted twice (key order for the
// lookups, input order for the output), so the cost is O(N log N + N log M), not O(N × M); rows stream out.
public static class PointInTimeJoin
{
    public const string EntityTable = "pit_entity_rows";

    public static string CreateEntityTableSql => $"CREATE TEMP TABLE {EntityTable} (ord bigint NOT NULL, ts timestamptz NOT NULL, vals text[], raw text NOT NULL) ON COMMIT DROP";

    public static string CopyEntityRowsSql => $"COPY {EntityTable} (ord, ts, vals, raw) FROM STDIN (FORMAT BINARY)";

    // A stored entity set's table: same columns as the temporary one, kept.
    public static string EntitySetTable(string name) => DefinitionNames.Quote("es_" + name);

    // keyIndexes[v][k]: 1-based position in vals of view v's k-th join key.
    public static NpgsqlCommand BuildQuery(NpgsqlConnection connection, NpgsqlTransaction transaction, FeatureSelection selection, IReadOnlyList<int[]> keyIndexes, string entityTable = EntityTable)
    {
        var sql = new StringBuilder("SELECT e.ord, e.raw");
        for (var v = 0; v < selection.Views.Count; v++)
        {
            var view = selection.Views[v];
            sql.Append($", v{v}.event_timestamp");
            foreach (var index in view.FeatureIndices)
            {
                sql.Append($", v{v}.{DefinitionNames.Quote(view.View.Features[index].Name)}");
            }
        }
        // Visit entity rows in key order (of the first view), so that consecutive lookups hit the same index and heap
        // pages; the final sort restores input order. Measured in bench/: 1.7× faster than input order at 1M × 2M rows.
        var keyOrder = string.Concat(keyIndexes[0].Select(i => $"vals[{i}], "));
        sql.Append($" FROM (SELECT * FROM {entityTable} ORDER BY {keyOrder}ts OFFSET 0) e");

        var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        for (var v = 0; v < selection.Views.Count; v++)
        {
            var view = selection.Views[v].View;
            var columns = string.Concat(selection.Views[v].FeatureIndices.Select(i => ", f." + DefinitionNames.Quote(view.Features[i].Name)));
            var keys = string.Join(" AND ", view.JoinKeys.Select((k, i) => $"f.{DefinitionNames.Quote(k)} = e.vals[{keyIndexes[v][i]}]"));
            var ttl = "";
            if (view.Ttl is { } limit)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Interval });
                ttl = $" AND f.event_timestamp >= e.ts - ${command.Parameters.Count}";
            }
            sql.Append($"""
                 LEFT JOIN LATERAL (
                    SELECT f.event_timestamp{columns} FROM {DefinitionNames.Quote(view.OfflineTable)} f
                    WHERE {keys} AND f.event_timestamp <= e.ts{ttl}
                    ORDER BY f.event_timestamp DESC, f.created_timestamp DESC LIMIT 1) v{v} ON true
                """);
        }
        sql.Append(" ORDER BY e.ord");
        command.CommandText = sql.ToString();
        return command;
    }
}
