using Npgsql;
using Reference.FeatureStore.Definitions;

namespace Reference.FeatureStore.Offline;

// One PostgreSQL table per feature view: join keys (text), event_timestamp, created_timestamp, one typed column
// per feature ever defined. The btree on (join keys, event_timestamp, created_timestamp) serves point-in-time
// lookups and materialization; columns are only ever added, so data of older versions stays readable.
public static class OfflineTableSchema
{
    // Created timestamps default to -infinity so that a row without one loses every tie, as in Feast.
    public static async Task<IReadOnlyDictionary<string, string>?> ReadColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = $1 AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
            """, connection, transaction)
        { Parameters = { new() { Value = table } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }
        return columns.Count == 0 ? null : columns;
    }

    // Features whose name exists in the table with another type: a type change that needs a new view name.
    public static IReadOnlyList<string> TypeConflicts(IReadOnlyDictionary<string, string> columns, FeatureViewSpec spec) =>
        spec.Features
            .Where(f => columns.TryGetValue(f.Name, out var existing) && existing != SqlType(f))
            .Select(f => $"feature '{f.Name}' is {Describe(columns[f.Name])} in the offline store and cannot become {f.Type}")
            .ToArray();

    public static async Task CreateOrWidenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string view, FeatureViewSpec spec,
        IReadOnlyDictionary<string, string>? columns, CancellationToken cancellationToken)
    {
        var table = DefinitionNames.Quote(DefinitionNames.OfflineTable(view));
        string sql;
        if (columns is null)
        {
            var keys = string.Join(", ", spec.JoinKeys.Select(k => DefinitionNames.Quote(k) + " text NOT NULL"));
            var features = string.Concat(spec.Features.Select(f => ", " + DefinitionNames.Quote(f.Name) + " " + SqlType(f)));
            var indexKeys = string.Join(", ", spec.JoinKeys.Select(DefinitionNames.Quote));
            sql = $"""
                CREATE TABLE {table} ({keys}, event_timestamp timestamptz NOT NULL, created_timestamp timestamptz NOT NULL DEFAULT '-infinity'{features});
                CREATE INDEX {DefinitionNames.Quote(DefinitionNames.OfflineTable(view) + "_pit")} ON {table} ({indexKeys}, event_timestamp, created_timestamp);
                """;
        }
        else
        {
            var added = spec.Features.Where(f => !columns.ContainsKey(f.Name)).ToArray();
            if (added.Length == 0)
            {
                return;
            }
            sql = $"ALTER TABLE {table} " + string.Join(", ", added.Select(f => "ADD COLUMN " + DefinitionNames.Quote(f.Name) + " " + SqlType(f)));
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // format_type's spelling, to compare with what pg_attribute reports.
    private static string SqlType(FeatureField feature) =>
        FeatureTypes.TryParse(feature.Type, out var type) ? type switch
        {
            FeatureType.Timestamp => "timestamp with time zone",
            _ => type.ToSqlType(),
        } : "text";

    private static string Describe(string sqlType) => sqlType switch
    {
        "bigint" => "int64",
        "double precision" => "float64",
        "text" => "string",
        "boolean" => "bool",
        "timestamp with time zone" => "timestamp",
        "double precision[]" => "float64[]",
        _ => sqlType,
    };
}
