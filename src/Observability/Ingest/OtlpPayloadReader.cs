using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;

namespace Reference.Observability.Ingest;

/// <summary>The outcome of reading one export body: the message, or the status and what to tell the client.</summary>
internal readonly record struct OtlpPayload<T>(T? Message, int Status, string? Problem) where T : class;

/// <summary>Reads an OTLP/HTTP body (optionally gzip) into a pooled buffer and parses it as protobuf or OTLP/JSON.</summary>
internal static class OtlpPayloadReader
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static async Task<OtlpPayload<T>> ReadAsync<T>(HttpRequest request, OtlpEncoding encoding, MessageParser<T> parser, int maxBytes, CancellationToken cancellationToken)
        where T : class, IMessage<T>, new()
    {
        if (request.ContentLength > maxBytes)
        {
            return new(null, StatusCodes.Status413PayloadTooLarge, $"The body is {request.ContentLength} bytes; this receiver takes at most {maxBytes}. Export smaller batches.");
        }
        var contentEncoding = request.Headers.ContentEncoding.ToString();
        var gzip = contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && contentEncoding.Length > 0 && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{contentEncoding}' is not supported; send gzip or no encoding.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length && !gzip ? (int)length : 64 * 1024);
        try
        {
            await using var body = gzip ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= maxBytes)
                    {
                        return new(null, StatusCodes.Status413PayloadTooLarge, $"The (decompressed) body exceeds {maxBytes} bytes. Export smaller batches.");
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(count, Math.Min(buffer.Length, maxBytes) - count), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                count += read;
            }
            return Parse(buffer.AsSpan(0, count), encoding, parser);
        }
        catch (InvalidDataException ex)
        {
            return new(null, StatusCodes.Status400BadRequest, $"The gzip body cannot be decompressed: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static OtlpPayload<T> Parse<T>(ReadOnlySpan<byte> body, OtlpEncoding encoding, MessageParser<T> parser) where T : class, IMessage<T>, new()
    {
        try
        {
            if (encoding == OtlpEncoding.Protobuf)
            {
                return new(parser.ParseFrom(body), StatusCodes.Status200OK, null);
            }
            var json = OtlpJsonIds.HexToBase64(body);
            return new(Json.Parse<T>(System.Text.Encoding.UTF8.GetString(json.WrittenSpan)), StatusCodes.Status200OK, null);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return new(null, StatusCodes.Status400BadRequest, $"The body is not a valid {typeof(T).Name}: {ex.Message}");
        }
        catch (Exception ex) when (ex is FormatException or InvalidJsonException)
        {
            return new(null, StatusCodes.Status400BadRequest, $"The body is not valid OTLP/JSON for {typeof(T).Name}: {ex.Message}");
        }
    }
}
