using System.Buffers;
using System.Text;
using System.Text.Json;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Online;

// One join key column of the request: per entity row, the value as sent (JSON) and as the key text.
public sealed record EntityColumn(string Name, byte[][] Json, string[] Text);

// Feast's online request: {features | featureService, entities: {joinKey: [values…]}, fullFeatureNames}.
// Parsed with Utf8JsonReader: no DOM, one pass.
public sealed class OnlineFeaturesRequest
{
    public List<string>? Features { get; private set; }

    public string? FeatureService { get; private set; }

    public bool FullFeatureNames { get; private set; }

    public List<EntityColumn> Entities { get; } = [];

    public int RowCount => Entities.Count == 0 ? 0 : Entities[0].Text.Length;

    public static OnlineFeaturesRequest? Parse(ReadOnlySequence<byte> body, ValidationErrors errors)
    {
        var request = new OnlineFeaturesRequest();
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The body must be a JSON object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "features":
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        errors.Add("features", "features is an array of \"view:feature\" strings.");
                        reader.Skip();
                        break;
                    }
                    request.Features = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        request.Features.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : "");
                    }
                    break;
                case "featureService":
                    request.FeatureService = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                case "fullFeatureNames":
                    request.FullFeatureNames = reader.TokenType == JsonTokenType.True;
                    break;
                case "entities":
                    ReadEntities(ref reader, request, errors);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (request.Entities.Count == 0)
        {
            errors.Add("entities", "Give entities as {joinKey: [values…]}, one array per join key, all the same length.");
        }
        else if (request.Entities.Any(e => e.Text.Length != request.RowCount))
        {
            errors.Add("entities", "Every join key's array must have the same length (one value per entity row).");
        }
        return errors.IsEmpty ? request : null;
    }

    private static void ReadEntities(ref Utf8JsonReader reader, OnlineFeaturesRequest request, ValidationErrors errors)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add("entities", "entities is an object of join key arrays: {\"card_id\": [1, 2]}.");
            reader.Skip();
            return;
        }
        var json = new List<byte[]>();
        var text = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                errors.Add($"entities.{key}", "Give the join key's values as an array.");
                reader.Skip();
                continue;
            }
            json.Clear();
            text.Clear();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        text.Add(reader.GetString()!);
                        json.Add([(byte)'"', .. raw, (byte)'"']);
                        break;
                    case JsonTokenType.Number:
                        text.Add(Encoding.UTF8.GetString(raw));
                        json.Add(raw);
                        break;
                    default:
                        errors.Add($"entities.{key}", "Join key values are strings or numbers.");
                        reader.Skip();
                        break;
                }
            }
            request.Entities.Add(new EntityColumn(key, [.. json], [.. text]));
        }
    }
}
