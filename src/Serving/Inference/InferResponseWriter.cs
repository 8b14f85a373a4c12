using System.Text.Json;
using Reference.Serving.Models;

namespace Reference.Serving.Inference;

// Writes {"model_name", "model_version", "id"?, "outputs": [{"name", "datatype", "shape", "data"}]} straight into the
// response pipe. The Utf8JsonWriter is reused per thread: nothing awaits between Reset and Flush.
internal static class InferResponseWriter
{
    [ThreadStatic]
    private static Utf8JsonWriter? cached;

    public static Task WriteAsync(HttpResponse response, InferRequest request, LoadedModel model, ReadOnlySpan<double> outputs, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var json = cached ??= new Utf8JsonWriter(Stream.Null);
        json.Reset(response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("model_name"u8, model.Name);
        json.WriteString("model_version"u8, model.VersionText);
        if (request.EscapedId is { } id)
        {
            json.WriteString("id"u8, id);
        }
        else if (request.IdStart >= 0)
        {
            json.WriteString("id"u8, request.IdBytes);
        }
        json.WriteStartArray("outputs"u8);
        json.WriteStartObject();
        json.WriteString("name"u8, model.OutputName);
        json.WriteString("datatype"u8, "FP64"u8);
        json.WriteStartArray("shape"u8);
        json.WriteNumberValue(outputs.Length);
        json.WriteEndArray();
        json.WriteStartArray("data"u8);
        foreach (var value in outputs)
        {
            json.WriteNumberValue(value);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        json.Reset(Stream.Null);
        return response.BodyWriter.FlushAsync(cancellationToken).AsTask();
    }
}
