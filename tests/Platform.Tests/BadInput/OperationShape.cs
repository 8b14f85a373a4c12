using System.Text.Json;

namespace Reference.Platform.Tests.BadInput;

// What a service's OpenAPI document says about one operation: enough to fill its parameters and body with hostile
// values. Schemas stay JSON elements of the document, resolved through its components when a case needs them.
public sealed record OperationShape(
    string Service,
    string Method,
    string Template,
    IReadOnlyList<ParameterShape> PathParameters,
    IReadOnlyList<ParameterShape> QueryParameters,
    BodyShape? Body)
{
    public string Key => $"{Method} {Template}";

    public bool IsMutating => Method is not "GET";

    public override string ToString() => $"{Service} {Key}";
}

public sealed record ParameterShape(string Name, SchemaShape Schema, bool Required);

// The declared media types of a request body (JSON first when the operation takes it) and the schema of the first.
public sealed record BodyShape(IReadOnlyList<string> ContentTypes, SchemaShape Schema)
{
    public bool IsJson => ContentTypes.Count > 0 && ContentTypes[0].EndsWith("json", StringComparison.Ordinal);
}

// A schema with its $ref and nullable unions resolved: the type a value must have, and what it contains.
public sealed class SchemaShape(JsonElement element, SchemaResolver resolver)
{
    public JsonElement Element { get; } = element.ValueKind == JsonValueKind.Object ? element : JsonDocument.Parse("{}").RootElement;

    // "string", "integer", "number", "boolean", "array", "object" or "" when the document does not say.
    public string Type
    {
        get
        {
            if (!Element.TryGetProperty("type", out var type))
            {
                return Element.TryGetProperty("properties", out _) || Element.TryGetProperty("additionalProperties", out _) ? "object" : "";
            }
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }
            // OpenAPI 3.1 unions such as ["integer", "string"] (numbers readable from strings) or ["string", "null"].
            var names = type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList();
            return names.FirstOrDefault(t => t is "integer" or "number") ?? names.FirstOrDefault() ?? "";
        }
    }

    // OpenAPI 3.1 ["string", "null"] or 3.0 nullable: null (and so, for the binder, absence) is a valid value.
    public bool IsNullable =>
        Element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null")
        || Element.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True;

    public string? Format => Element.TryGetProperty("format", out var format) ? format.GetString() : null;

    public IReadOnlyList<JsonElement> Enum => Element.TryGetProperty("enum", out var values) ? values.EnumerateArray().ToList() : [];

    public IReadOnlyList<(string Name, SchemaShape Schema)> Properties =>
        Element.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, resolver.Resolve(p.Value))).ToList()
            : [];

    public IReadOnlySet<string> Required =>
        Element.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : new HashSet<string>();

    public SchemaShape? Items => Element.TryGetProperty("items", out var items) ? resolver.Resolve(items) : null;

    public SchemaShape? AdditionalProperties =>
        Element.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object ? resolver.Resolve(additional) : null;
}

// Follows "#/components/schemas/X" references and picks the non-null branch of oneOf/anyOf.
public sealed class SchemaResolver(JsonElement components)
{
    public SchemaShape Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 32; hops++)
        {
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
                && reference.GetString() is { } path && path.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                && components.ValueKind == JsonValueKind.Object && components.TryGetProperty("schemas", out var schemas) && schemas.TryGetProperty(path["#/components/schemas/".Length..], out var target))
            {
                schema = target;
                continue;
            }
            if (schema.ValueKind == JsonValueKind.Object && (schema.TryGetProperty("oneOf", out var branches) || schema.TryGetProperty("anyOf", out branches))
                && branches.EnumerateArray().FirstOrDefault(IsNotNull) is { ValueKind: JsonValueKind.Object } branch)
            {
                schema = branch;
                continue;
            }
            break;
        }
        return new SchemaShape(schema, this);
    }

    private static bool IsNotNull(JsonElement branch) =>
        !(branch.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null");
}
