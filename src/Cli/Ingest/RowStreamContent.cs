using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Reference.Cli.Ingest;

// Rows streamed as the request body while they are generated (never all in memory): NDJSON for a view's rows, or
// {"entityRows":[…]} for an entity set. Times are moved by a fixed shift; progress is reported every 1,000 rows.
public sealed class RowStreamContent : HttpContent
{
    private const int FlushEvery = 1000;
    private readonly IEnumerable<IReadOnlyDictionary<string, object?>> rows;
    private readonly TimeSpan shift;
    private readonly bool entitySet;
    private readonly Action<long> progress;

    private RowStreamContent(IEnumerable<IReadOnlyDictionary<string, object?>> rows, TimeSpan shift, bool entitySet, Action<long> progress, string mediaType)
    {
        this.rows = rows;
        this.shift = shift;
        this.entitySet = entitySet;
        this.progress = progress;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    public static RowStreamContent Ndjson(IEnumerable<IReadOnlyDictionary<string, object?>> rows, TimeSpan shift, Action<long> progress) =>
        new(rows, shift, false, progress, "application/x-ndjson");

    public static RowStreamContent EntityRows(IEnumerable<IReadOnlyDictionary<string, object?>> rows, TimeSpan shift, Action<long> progress) =>
        new(rows, shift, true, progress, "application/json");

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = !entitySet });
        if (entitySet)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("entityRows");
        }

        long count = 0;
        foreach (var row in rows)
        {
            WriteRow(writer, row);
            if (!entitySet)
            {
                // NDJSON: one top-level object per line.
                writer.Flush();
                buffer.Write("\n"u8);
                writer.Reset(buffer);
            }

            if (++count % FlushEvery == 0)
            {
                await SendAsync(writer, buffer, stream, cancellationToken);
                progress(count);
            }
        }

        if (entitySet)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await SendAsync(writer, buffer, stream, cancellationToken);
        progress(count);
    }

    private static async Task SendAsync(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, Stream stream, CancellationToken cancellationToken)
    {
        writer.Flush();
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private void WriteRow(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> row)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in row)
        {
            switch (value)
            {
                case null: writer.WriteNull(name); break;
                case string text: writer.WriteString(name, text); break;
                case bool flag: writer.WriteBoolean(name, flag); break;
                case long number: writer.WriteNumber(name, number); break;
                case int number: writer.WriteNumber(name, number); break;
                case double number: writer.WriteNumber(name, number); break;
                case float number: writer.WriteNumber(name, number); break;
                case decimal number: writer.WriteNumber(name, number); break;
                case DateTimeOffset time: writer.WriteString(name, (time + shift).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture)); break;
                case DateTime time: writer.WriteString(name, (time.ToUniversalTime() + shift).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: writer.WritePropertyName(name); JsonSerializer.Serialize(writer, value, value.GetType()); break;
            }
        }

        writer.WriteEndObject();
    }
}
