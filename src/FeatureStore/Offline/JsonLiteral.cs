using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Reference.FeatureStore.Definitions;

namespace Reference.FeatureStore.Offline;

// Feature values as JSON literals, written straight into a buffer: the online store keeps them in this form and
// historical retrieval splices them into each output row.
public static class JsonLiteral
{
    private static readonly byte[] Null = "null"u8.ToArray();

    // Reads column `ordinal` of the current row as `type` and writes it as JSON.
    public static void Write(IBufferWriter<byte> output, NpgsqlDataReader reader, int ordinal, FeatureType type)
    {
        if (reader.IsDBNull(ordinal))
        {
            output.Write(Null);
            return;
        }
        switch (type)
        {
            case FeatureType.Int64: WriteInt64(output, reader.GetInt64(ordinal)); break;
            case FeatureType.Float64: WriteFloat64(output, reader.GetDouble(ordinal)); break;
            case FeatureType.String: WriteString(output, reader.GetString(ordinal)); break;
            case FeatureType.Bool: output.Write(reader.GetBoolean(ordinal) ? "true"u8 : "false"u8); break;
            case FeatureType.Timestamp: WriteTimestamp(output, reader.GetFieldValue<DateTime>(ordinal)); break;
            case FeatureType.Float64Array:
                var items = reader.GetFieldValue<double[]>(ordinal);
                output.Write("["u8);
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        output.Write(","u8);
                    }
                    WriteFloat64(output, items[i]);
                }
                output.Write("]"u8);
                break;
        }
    }

    public static void WriteInt64(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public static void WriteFloat64(IBufferWriter<byte> output, double value)
    {
        if (!double.IsFinite(value))
        {
            output.Write(Null);
            return;
        }
        var span = output.GetSpan(32);
        value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        output.Write("\""u8);
        output.Write(JsonEncodedText.Encode(value).EncodedUtf8Bytes);
        output.Write("\""u8);
    }

    public static void WriteTimestamp(IBufferWriter<byte> output, DateTime utc)
    {
        var span = output.GetSpan(40);
        span[0] = (byte)'"';
        if (utc == DateTime.MinValue || utc == DateTime.MaxValue)
        {
            // -infinity / infinity
            output.Write(utc == DateTime.MinValue ? "\"-infinity\""u8 : "\"infinity\""u8);
            return;
        }
        utc.TryFormat(span[1..], out var written, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }
}

public static class RowValueJson
{
    // A parsed cell as the JSON literal the online store keeps.
    public static byte[] ToJson(in RowValue value, FeatureType type)
    {
        if (!value.IsSet || value.IsNull)
        {
            return "null"u8.ToArray();
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(32);
        switch (type)
        {
            case FeatureType.Int64: JsonLiteral.WriteInt64(buffer, value.Int); break;
            case FeatureType.Float64: JsonLiteral.WriteFloat64(buffer, value.Float); break;
            case FeatureType.String: JsonLiteral.WriteString(buffer, value.Text!); break;
            case FeatureType.Bool: System.Buffers.BuffersExtensions.Write(buffer, value.Bool ? "true"u8 : "false"u8); break;
            case FeatureType.Timestamp: JsonLiteral.WriteTimestamp(buffer, value.Time); break;
            case FeatureType.Float64Array:
                System.Buffers.BuffersExtensions.Write(buffer, "["u8);
                for (var i = 0; i < value.Array!.Length; i++)
                {
                    if (i > 0)
                    {
                        System.Buffers.BuffersExtensions.Write(buffer, ","u8);
                    }
                    JsonLiteral.WriteFloat64(buffer, value.Array[i]);
                }
                System.Buffers.BuffersExtensions.Write(buffer, "]"u8);
                break;
        }
        return buffer.WrittenSpan.ToArray();
    }
}
