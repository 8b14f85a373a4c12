using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.Collections;
using Reference.Observability.Otlp.Common;

namespace Reference.Observability.Ingest;

/// <summary>OTLP attributes as a JSON object for a jsonb column; one reused buffer per thread, since every span has them.</summary>
internal static class AttributeJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    public static string Write(RepeatedField<KeyValue> attributes)
    {
        var json = Start();
        WriteObject(json, attributes);
        return Finish(json);
    }

    /// <summary>Resource attributes and scope-less context merged: used for the resource column.</summary>
    public static string Write(RepeatedField<KeyValue>? first, RepeatedField<KeyValue>? second)
    {
        var json = Start();
        json.WriteStartObject();
        if (first is not null)
        {
            WriteMembers(json, first);
        }
        if (second is not null)
        {
            WriteMembers(json, second);
        }
        json.WriteEndObject();
        return Finish(json);
    }

    public static string WriteEvents(RepeatedField<Otlp.Trace.Span.Types.Event> events)
    {
        var json = Start();
        json.WriteStartArray();
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteString("name", e.Name);
            json.WriteString("time", UnixNanos.IsValid(e.TimeUnixNano) ? UnixNanos.ToDateTime(e.TimeUnixNano).ToString("O") : null);
            json.WritePropertyName("attributes");
            WriteObject(json, e.Attributes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        return Finish(json);
    }

    /// <summary>A log body: strings as they are, anything else as JSON.</summary>
    public static string Text(AnyValue? value)
    {
        if (value is null)
        {
            return "";
        }
        if (value.ValueCase == AnyValue.ValueOneofCase.StringValue)
        {
            return value.StringValue;
        }
        var json = Start();
        WriteValue(json, value);
        return Finish(json);
    }

    public static string? Find(RepeatedField<KeyValue>? attributes, string key)
    {
        if (attributes is null)
        {
            return null;
        }
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key && attribute.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
            {
                return attribute.Value.StringValue;
            }
        }
        return null;
    }

    private static Utf8JsonWriter Start()
    {
        buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, Options);
        }
        else
        {
            writer.Reset(buffer);
        }
        return writer;
    }

    private static string Finish(Utf8JsonWriter json)
    {
        json.Flush();
        var text = Encoding.UTF8.GetString(buffer!.WrittenSpan);
        // PostgreSQL's jsonb refuses the NUL escape; one such attribute must not fail a whole batch.
        return text.Contains("\\u0000", StringComparison.Ordinal) ? text.Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal) : text;
    }

    private static void WriteObject(Utf8JsonWriter json, RepeatedField<KeyValue> attributes)
    {
        json.WriteStartObject();
        WriteMembers(json, attributes);
        json.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter json, RepeatedField<KeyValue> attributes)
    {
        foreach (var attribute in attributes)
        {
            json.WritePropertyName(attribute.Key);
            WriteValue(json, attribute.Value);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                json.WriteStringValue(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                json.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                json.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                if (double.IsFinite(value.DoubleValue))
                {
                    json.WriteNumberValue(value.DoubleValue);
                }
                else
                {
                    json.WriteStringValue(value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    WriteValue(json, item);
                }
                json.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                WriteObject(json, value.KvlistValue.Values);
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                json.WriteBase64StringValue(value.BytesValue.Span);
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
