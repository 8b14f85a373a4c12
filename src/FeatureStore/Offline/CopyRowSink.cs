using Npgsql;
using NpgsqlTypes;
using Reference.FeatureStore.Definitions;

namespace Reference.FeatureStore.Offline;

// Writes rows into a binary COPY; nothing is visible until the surrounding transaction commits.
public sealed class CopyRowSink(NpgsqlBinaryImporter importer) : IRowSink
{
    // What PostgreSQL stores as -infinity: a row without created_timestamp loses every tie.
    public static readonly DateTime NoCreatedTimestamp = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    public void Write(RowLayout layout, RowValue[] row)
    {
        importer.StartRow();
        var columns = layout.Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            ref var value = ref row[i];
            var column = columns[i];
            if (column.Kind == ColumnKind.CreatedTimestamp)
            {
                importer.Write(value.IsSet && !value.IsNull ? value.Time : NoCreatedTimestamp, NpgsqlDbType.TimestampTz);
                continue;
            }
            if (!value.IsSet || value.IsNull)
            {
                importer.WriteNull();
                continue;
            }
            switch (column.Kind == ColumnKind.Feature ? column.Type : column.Kind == ColumnKind.JoinKey ? FeatureType.String : FeatureType.Timestamp)
            {
                case FeatureType.Int64: importer.Write(value.Int, NpgsqlDbType.Bigint); break;
                case FeatureType.Float64: importer.Write(value.Float, NpgsqlDbType.Double); break;
                case FeatureType.String: importer.Write(value.Text!, NpgsqlDbType.Text); break;
                case FeatureType.Bool: importer.Write(value.Bool, NpgsqlDbType.Boolean); break;
                case FeatureType.Timestamp: importer.Write(value.Time, NpgsqlDbType.TimestampTz); break;
                case FeatureType.Float64Array: importer.Write(value.Array!, NpgsqlDbType.Array | NpgsqlDbType.Double); break;
            }
        }
    }
}
