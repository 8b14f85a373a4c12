using System.Text.Json;
using Reference.ServiceDefaults;

namespace Reference.Observability.Predictions;

/// <summary>
/// Reads POST /api/predictions: a JSON array of rows (or {"samples": [...]}) with model, version, timestamp, features and
/// outputs. Every problem is reported per field ("[3].features"), and one bad row refuses the whole batch.
/// </summary>
internal static class PredictionBatchReader
{
    public const int MaxRows = 10_000;
    private static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<PredictionSample> Read(JsonElement body, DateTimeOffset now, ValidationErrors errors)
    {
        var rows = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("samples", out var samples) ? samples : body;
        if (rows.ValueKind != JsonValueKind.Array)
        {
            errors.Add("samples", "The body must be a JSON array of samples, or an object whose \"samples\" property is one.");
            return [];
        }
        var count = rows.GetArrayLength();
        if (count is 0 or > MaxRows)
        {
            errors.Add("samples", $"Send between 1 and {MaxRows} samples per request; this one has {count}.");
            return [];
        }
        var result = new List<PredictionSample>(count);
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var at = $"[{i++}]";
            if (row.ValueKind != JsonValueKind.Object)
            {
                errors.Add(at, "Each sample must be a JSON object.");
                continue;
            }
            var model = row.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (string.IsNullOrWhiteSpace(model) || model.Length > 128)
            {
                errors.Add($"{at}.model", "model is required: the registered model's name (1 to 128 characters).");
            }
            int version = 0;
            if (!row.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out version) || version < 1)
            {
                errors.Add($"{at}.version", "version is required: the model version number that scored the request (1 or more).");
            }
            DateTimeOffset timestamp = default;
            if (!row.TryGetProperty("timestamp", out var t) || t.ValueKind != JsonValueKind.String || !t.TryGetDateTimeOffset(out timestamp))
            {
                errors.Add($"{at}.timestamp", "timestamp is required as an RFC 3339 time, such as 2026-01-31T12:00:00Z.");
            }
            else if (timestamp > now + FutureSkew)
            {
                errors.Add($"{at}.timestamp", "timestamp is in the future; send the time the request was scored.");
            }
            if (!row.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{at}.features", "features is required: an object of feature name to value.");
            }
            string? outputs = null;
            if (row.TryGetProperty("outputs", out var o) && o.ValueKind != JsonValueKind.Null)
            {
                if (o.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{at}.outputs", "outputs, when given, must be an object of output name to value.");
                }
                else
                {
                    outputs = o.GetRawText();
                }
            }
            if (errors.IsEmpty)
            {
                result.Add(new PredictionSample(model!, version, timestamp.ToUniversalTime(), features.GetRawText(), outputs));
            }
        }
        return errors.IsEmpty ? result : [];
    }
}
