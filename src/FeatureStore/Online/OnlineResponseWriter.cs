using System.Buffers;
using System.Text.Json;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Definitions;

namespace Reference.FeatureStore.Online;

// Feast's GetOnlineFeaturesResponse in JSON: metadata.featureNames (join keys first, then features) and one
// result per name with values, statuses and eventTimestamps per entity row. Written with Utf8JsonWriter straight
// into the response's buffer; feature values are copied from Redis as the JSON literals stored there.
public static class OnlineResponseWriter
{
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText FeatureNames = JsonEncodedText.Encode("featureNames");
    private static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText Statuses = JsonEncodedText.Encode("statuses");
    private static readonly JsonEncodedText EventTimestamps = JsonEncodedText.Encode("eventTimestamps");
    private static readonly JsonEncodedText[] StatusNames =
        [JsonEncodedText.Encode("PRESENT"), JsonEncodedText.Encode("NULL_VALUE"), JsonEncodedText.Encode("NOT_FOUND"), JsonEncodedText.Encode("OUTSIDE_MAX_AGE")];
    // One writer per thread, reset per response: no allocation per request.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static readonly JsonEncodedText Epoch = JsonEncodedText.Encode("1970-01-01T00:00:00Z");

    public static void Write(IBufferWriter<byte> output, OnlineFeaturesRequest request, FeatureSelection selection, OnlineFeatureValues values)
    {
        var writer = t_writer ??= new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteStartObject(Metadata);
        writer.WriteStartArray(FeatureNames);
        foreach (var entity in request.Entities)
        {
            writer.WriteStringValue(entity.Name);
        }
        foreach (var feature in selection.Ordered)
        {
            writer.WriteStringValue(selection.OutputName(feature, request.FullFeatureNames));
        }
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray(Results);
        var rows = request.RowCount;

        // Every feature of a view shares its row's event time: format it once per view and row, not per value.
        var timestamps = new JsonEncodedText[selection.Views.Count][];
        for (var v = 0; v < timestamps.Length; v++)
        {
            var viewTimestamps = timestamps[v] = new JsonEncodedText[rows];
            for (var row = 0; row < rows; row++)
            {
                viewTimestamps[row] = values.GetEventTimestamp(v, row) is { } ts
                    ? JsonEncodedText.Encode(ts.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture))
                    : Epoch;
            }
        }
        foreach (var entity in request.Entities)
        {
            writer.WriteStartObject();
            writer.WriteStartArray(Values);
            for (var row = 0; row < rows; row++)
            {
                writer.WriteRawValue(entity.Json[row], skipInputValidation: true);
            }
            writer.WriteEndArray();
            WriteRepeated(writer, Statuses, StatusNames[0], rows);
            WriteRepeated(writer, EventTimestamps, Epoch, rows);
            writer.WriteEndObject();
        }

        foreach (var feature in selection.Ordered)
        {
            writer.WriteStartObject();
            writer.WriteStartArray(Values);
            for (var row = 0; row < rows; row++)
            {
                if (values.GetPresentValue(feature.ViewIndex, row, feature.FeatureSlot) is { } json)
                {
                    writer.WriteRawValue(json, skipInputValidation: true);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
            writer.WriteEndArray();
            writer.WriteStartArray(Statuses);
            for (var row = 0; row < rows; row++)
            {
                writer.WriteStringValue(StatusNames[(int)values.GetStatus(feature.ViewIndex, row, feature.FeatureSlot)]);
            }
            writer.WriteEndArray();
            writer.WriteStartArray(EventTimestamps);
            var viewTimestamps = timestamps[feature.ViewIndex];
            for (var row = 0; row < rows; row++)
            {
                writer.WriteStringValue(viewTimestamps[row]);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        writer.Reset(Stream.Null); // drop the reference to the response's buffer
    }

    private static void WriteRepeated(Utf8JsonWriter writer, JsonEncodedText name, JsonEncodedText value, int count)
    {
        writer.WriteStartArray(name);
        for (var i = 0; i < count; i++)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }
}
