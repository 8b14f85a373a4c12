using System.Text.Json;

namespace Reference.Learning.Models;

/// <summary>Typed reads of header fields that fail with the field's path, so a bad artifact says what is wrong where.</summary>
internal static class ArtifactHeaderFields
{
    public static JsonElement Object(JsonElement parent, string name, string? path = null) =>
        Property(parent, name, path, JsonValueKind.Object);

    public static JsonElement Array(JsonElement parent, string name, string? path = null) =>
        Property(parent, name, path, JsonValueKind.Array);

    public static string String(JsonElement parent, string name, string? path = null) =>
        Property(parent, name, path, JsonValueKind.String).GetString()!;

    public static double Double(JsonElement parent, string name, string? path = null)
    {
        var element = Property(parent, name, path, JsonValueKind.Number);
        return element.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw Invalid($"Header field '{path ?? name}' is not a finite number.");
    }

    public static int Int(JsonElement parent, string name, string? path = null)
    {
        var element = Property(parent, name, path, JsonValueKind.Number);
        return element.TryGetInt32(out var value) && value >= 0
            ? value
            : throw Invalid($"Header field '{path ?? name}' is not a non-negative 32-bit integer.");
    }

    public static bool TryGet(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static ModelFormatException Invalid(string message) => new(ModelFormatError.Invalid, message);

    private static JsonElement Property(JsonElement parent, string name, string? path, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw Invalid($"The model artifact's header has no '{path ?? name}'.");
        }
        if (value.ValueKind != kind)
        {
            throw Invalid($"Header field '{path ?? name}' is {value.ValueKind.ToString().ToLowerInvariant()}; expected {kind.ToString().ToLowerInvariant()}.");
        }
        return value;
    }
}
