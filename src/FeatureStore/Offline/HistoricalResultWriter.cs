using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Npgsql;
using Reference.FeatureStore.Definitions;

namespace Reference.FeatureStore.Offline;

// Writes the joined rows as they arrive from PostgreSQL: NDJSON (each entity row as sent, extended with the
// features) or CSV (the entity row's fields, then the features).
public static class HistoricalResultWriter
{
    private const int FlushThreshold = 64 * 1024;

    public static async Task<long> WriteNdjsonAsync(NpgsqlDataReader reader, FeatureSelection selection, bool fullFeatureNames, PipeWriter output, CancellationToken cancellationToken)
    {
        var names = selection.Ordered.Select(f => Encoding.UTF8.GetBytes(",\"" + selection.OutputName(f, fullFeatureNames) + "\":")).ToArray();
        var ordinals = Ordinals(selection);
        long rows = 0;
        var pending = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            var raw = reader.GetString(1);
            var close = raw.LastIndexOf('}');
            var head = raw.AsSpan(0, close).TrimEnd();
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(head.Length));
            var written = Encoding.UTF8.GetBytes(head, span);
            output.Advance(written);
            var empty = head.Length == 1; // "{" only
            for (var i = 0; i < selection.Ordered.Count; i++)
            {
                var name = names[i];
                output.Write(empty && i == 0 ? name.AsSpan(1) : name);
                var (ordinal, type) = ordinals[i];
                JsonLiteral.Write(output, reader, ordinal, type);
            }
            output.Write("}\n"u8);
            rows++;
            pending += written + 64;
            if (pending > FlushThreshold)
            {
                pending = 0;
                await output.FlushAsync(cancellationToken);
            }
        }
        await output.FlushAsync(cancellationToken);
        return rows;
    }

    public static async Task<long> WriteCsvAsync(NpgsqlDataReader reader, FeatureSelection selection, bool fullFeatureNames, IReadOnlyList<string> entityColumns, Stream output, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        var header = entityColumns.Prepend(RowLayout.EventTimestamp).Concat(selection.Ordered.Select(f => selection.OutputName(f, fullFeatureNames))).ToArray();
        foreach (var name in header)
        {
            csv.WriteField(name);
        }
        await csv.NextRecordAsync();

        var ordinals = Ordinals(selection);
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(256);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            cells.Clear();
            using (var document = JsonDocument.Parse(reader.GetString(1)))
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    cells[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }
            }
            csv.WriteField(cells.GetValueOrDefault(RowLayout.EventTimestamp));
            foreach (var column in entityColumns)
            {
                csv.WriteField(cells.GetValueOrDefault(column));
            }
            foreach (var (ordinal, type) in ordinals)
            {
                csv.WriteField(CsvCell(reader, ordinal, type, buffer));
            }
            await csv.NextRecordAsync();
            rows++;
        }
        await csv.FlushAsync();
        return rows;
    }

    private static string? CsvCell(NpgsqlDataReader reader, int ordinal, FeatureType type, ArrayBufferWriter<byte> buffer)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        switch (type)
        {
            case FeatureType.String:
                return reader.GetString(ordinal);
            case FeatureType.Timestamp:
                return reader.GetFieldValue<DateTime>(ordinal).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
            default:
                buffer.ResetWrittenCount();
                JsonLiteral.Write(buffer, reader, ordinal, type);
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    // Column ordinal and type of each output feature, in output order (after ord and raw: per view, its event
    // timestamp then its selected features).
    private static (int Ordinal, FeatureType Type)[] Ordinals(FeatureSelection selection)
    {
        var viewStart = new int[selection.Views.Count];
        var next = 2;
        for (var v = 0; v < selection.Views.Count; v++)
        {
            viewStart[v] = next;
            next += 1 + selection.Views[v].FeatureIndices.Length;
        }
        return selection.Ordered.Select(f =>
        {
            var view = selection.Views[f.ViewIndex];
            return (viewStart[f.ViewIndex] + 1 + f.FeatureSlot, view.View.Features[view.FeatureIndices[f.FeatureSlot]].Type);
        }).ToArray();
    }
}
