using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reference.Platform.Tests.BadInput;

// A well-typed value for a schema, naming nothing that exists: the body that each mutation starts from, so that one
// mutation at a time is what the service has to refuse.
public static class PlausibleValues
{
    public const string AbsentName = "badinput-absent";

    public static JsonNode? For(SchemaShape schema, int depth = 0)
    {
        if (schema.Enum.Count > 0)
        {
            return JsonNode.Parse(schema.Enum[0].GetRawText());
        }
        if (depth > 6)
        {
            return null;
        }
        return schema.Type switch
        {
            "string" => schema.Format switch
            {
                "date-time" => "2026-01-01T00:00:00Z",
                "date" => "2026-01-01",
                "uuid" => "00000000-0000-0000-0000-000000000001",
                "byte" => "AAEC",
                _ => AbsentName,
            },
            "integer" => 1,
            "number" => 0.5,
            "boolean" => true,
            "array" => new JsonArray(schema.Items is { } items ? For(items, depth + 1) : AbsentName),
            "object" => Object(schema, depth),
            _ => AbsentName,
        };
    }

    private static JsonObject Object(SchemaShape schema, int depth)
    {
        var result = new JsonObject();
        foreach (var (name, property) in schema.Properties)
        {
            result[name] = For(property, depth + 1);
        }
        if (schema.Properties.Count == 0 && schema.AdditionalProperties is { } values)
        {
            result["key"] = For(values, depth + 1);
        }
        return result;
    }

    // A value of another JSON type than the schema's, which no binder may coerce into it.
    public static JsonNode WrongType(SchemaShape schema) => schema.Type switch
    {
        "string" => JsonNode.Parse("{\"not\":\"a string\"}")!,
        "integer" or "number" => "not a number",
        "boolean" => JsonNode.Parse("[true]")!,
        "array" => JsonNode.Parse("{\"not\":\"an array\"}")!,
        "object" => JsonNode.Parse("[1,2,3]")!,
        _ => JsonNode.Parse("[[[]]]")!,
    };

    public static byte[] Utf8(JsonNode? node) => JsonSerializer.SerializeToUtf8Bytes(node);
}
