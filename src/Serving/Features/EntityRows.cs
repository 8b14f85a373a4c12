using System.Buffers.Text;
using System.Text.Json;
using Reference.FeatureStore.Client;
using Reference.Learning.Data;
using Reference.Serving.Inference;
using Reference.Serving.Models;

namespace Reference.Serving.Features;

// Turns one pipelined online read into model rows: each stored JSON literal parsed into the input's double
// (categories as vocabulary codes), absent, null or expired values as NaN and listed per entity as missing.
internal static class EntityRows
{
    // Fills rows (row-major, signature order) and missing[row] (input indexes). Throws 422 when a required input is missing.
    public static void Fill(LoadedModel model, FeatureBinding binding, OnlineFeatureValues values, int entityCount, Span<double> rows, List<int>?[] missing,
        Func<int, string> describeEntity)
    {
        var width = model.InputCount;
        for (var r = 0; r < entityCount; r++)
        {
            for (var i = 0; i < width; i++)
            {
                var (read, feature) = binding.Sources[i];
                var bytes = values.GetPresentValue(read, r, feature);
                double value;
                if (bytes is null)
                {
                    if (model.IsRequired(i))
                    {
                        throw new InferenceException(StatusCodes.Status422UnprocessableEntity,
                            $"Feature '{model.Inputs[i].Name}' of entity {describeEntity(r)} is missing from the online store ({values.GetStatus(read, r, feature).ToWireName()}), " +
                            $"and {model.Name} v{model.Version} requires it; materialize or push it first.");
                    }
                    (missing[r] ??= []).Add(i);
                    value = double.NaN;
                }
                else
                {
                    value = Parse(model, i, bytes);
                }
                rows[(r * width) + i] = value;
            }
        }
    }

    private static double Parse(LoadedModel model, int input, byte[] json)
    {
        var signature = model.Inputs[input];
        if (signature.Type == ColumnType.Categorical)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            return signature.EncodeCategory(text);
        }
        if (json.AsSpan().SequenceEqual("true"u8))
        {
            return 1;
        }
        if (json.AsSpan().SequenceEqual("false"u8))
        {
            return 0;
        }
        if (Utf8Parser.TryParse(json, out double number, out var consumed) && consumed == json.Length)
        {
            return number;
        }
        // A number stored as a JSON string (e.g. "12.5"), or something unusable: treat the latter as missing.
        var quoted = new Utf8JsonReader(json);
        return quoted.Read() && quoted.TokenType == JsonTokenType.String && double.TryParse(quoted.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : double.NaN;
    }
}
