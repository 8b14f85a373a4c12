extern alias observability;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Reference.Observability.Tests.Support;

// Renders an OTLP message as OTLP/JSON: protobuf's JSON mapping, except that trace and span ids are hex, not base64.
internal static class OtlpJson
{
    private static readonly string[] IdNames = ["traceId", "spanId", "parentSpanId"];

    public static string Format(IMessage message)
    {
        var node = JsonNode.Parse(JsonFormatter.Default.Format(message))!;
        HexIds(node);
        return node.ToJsonString();
    }

    private static void HexIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToArray())
                {
                    if (IdNames.Contains(name) && value is JsonValue id && id.TryGetValue<string>(out var base64))
                    {
                        obj[name] = Convert.ToHexStringLower(Convert.FromBase64String(base64));
                    }
                    else
                    {
                        HexIds(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    HexIds(item);
                }
                break;
        }
    }
}
