using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Reference.Observability.Ingest;

/// <summary>
/// OTLP/JSON writes trace and span ids as hex, where protobuf's JSON mapping (which Google.Protobuf parses) expects
/// base64 for bytes fields. This copies the document token by token, turning those ids into base64.
/// </summary>
internal static class OtlpJsonIds
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <exception cref="FormatException">An id is not hex, or the document is not JSON.</exception>
    public static ArrayBufferWriter<byte> HexToBase64(ReadOnlySpan<byte> json)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 128 });
        var idProperty = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        idProperty = IsIdProperty(ref reader);
                        if (reader.ValueIsEscaped)
                        {
                            writer.WritePropertyName(reader.GetString()!);
                        }
                        else
                        {
                            writer.WritePropertyName(reader.ValueSpan);
                        }
                        continue;
                    case JsonTokenType.String when idProperty:
                        writer.WriteBase64StringValue(HexBytes(reader.GetString()!));
                        break;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped)
                        {
                            writer.WriteStringValue(reader.GetString());
                        }
                        else
                        {
                            writer.WriteStringValue(reader.ValueSpan);
                        }
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                        writer.WriteBooleanValue(true);
                        break;
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(false);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
                idProperty = false;
            }
        }
        // GetString throws InvalidOperationException for escapes that make no text, such as a lone surrogate "\ud800".
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"The body is not valid JSON: {ex.Message}", ex);
        }
        writer.Flush();
        return output;
    }

    private static bool IsIdProperty(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("traceId"u8) || reader.ValueTextEquals("spanId"u8) || reader.ValueTextEquals("parentSpanId"u8)
        || reader.ValueTextEquals("trace_id"u8) || reader.ValueTextEquals("span_id"u8) || reader.ValueTextEquals("parent_span_id"u8);

    private static byte[] HexBytes(string hex)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{(hex.Length > 40 ? hex[..40] + "…" : hex)}' is not a hex trace or span id; OTLP/JSON writes ids as hex strings.");
        }
    }
}
