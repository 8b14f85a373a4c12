using System.Text.Json;

namespace Reference.Cli.Connection;

public static class JsonElementText
{
    // A property as text, "" when absent or null: for messages and tables.
    public static string Text(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "";
}
