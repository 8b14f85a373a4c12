using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Reference.Platform.Tests.BadInput;

// The bodies of the battery for one operation, derived from its schema: each starts from a plausible body and breaks
// one thing (syntax, a property's type, a required property, size, depth, encoding, a number, the media type).
public static class BodyMutations
{
    // Beyond Kestrel's default request body limit (30,000,000 bytes) and every endpoint's own.
    public const int BeyondBodyLimit = 31_000_000;

    private const int DeepNesting = 10_000;

    public static IEnumerable<(string Kind, string Detail, RequestBody Body)> For(BodyShape body)
    {
        var plausible = PlausibleValues.For(body.Schema);
        var valid = PlausibleValues.Utf8(plausible);
        var type = body.ContentTypes[0];
        foreach (var (detail, text) in Malformed(valid))
        {
            yield return ("malformed JSON", detail, new RequestBody(Encoding.UTF8.GetBytes(text), type));
        }
        yield return ("malformed JSON", "empty body", new RequestBody([], type));
        yield return ("deep nesting", $"{DeepNesting} nested arrays", new RequestBody(Nested("[", "]", DeepNesting), type));
        yield return ("deep nesting", $"{DeepNesting} nested objects", new RequestBody(Nested("{\"a\":", "}", DeepNesting), type));
        yield return ("invalid UTF-8", "bytes C3 28 FF in a string", new RequestBody(InvalidUtf8(plausible), type));
        yield return ("invalid UTF-8", "lone surrogate escape in a name", new RequestBody(Encoding.UTF8.GetBytes("{\"name\":\"\\ud800\",\"x\":\"\\udfff\"}"), type));
        yield return ("invalid UTF-8", "lone surrogate escape in the first string", new RequestBody(LoneSurrogate(valid), type));
        yield return ("too large", $"{BeyondBodyLimit:N0}-byte body", new RequestBody([], type, () => new OversizeContent(BeyondBodyLimit, type)));

        if (plausible is JsonObject shape)
        {
            foreach (var mutation in PropertyMutations(body.Schema, shape, type))
            {
                yield return mutation;
            }
        }
        if (body.IsJson)
        {
            foreach (var (detail, contentType) in WrongMediaTypes)
            {
                yield return ("wrong content type", detail, new RequestBody(valid, contentType));
            }
            yield return ("wrong content type", "multipart/form-data where JSON is expected", Multipart(valid));
        }
    }

    private static readonly (string, string?)[] WrongMediaTypes =
    [
        ("no Content-Type", null),
        ("text/plain", "text/plain"),
        ("application/xml", "application/xml"),
        ("form-urlencoded", "application/x-www-form-urlencoded"),
        ("octet-stream", "application/octet-stream"),
        ("garbage media type", "not/a;;type=="),
    ];

    private static IEnumerable<(string, string)> Malformed(byte[] valid)
    {
        var text = Encoding.UTF8.GetString(valid);
        yield return ("truncated", text[..Math.Max(1, text.Length / 2)]);
        yield return ("trailing garbage", text + "}}]");
        yield return ("single quotes", text.Replace('"', '\''));
        yield return ("comment and trailing comma", "{/* c */ \"a\": 1,}");
        yield return ("not JSON", "name=x&y=<script>");
        yield return ("JSON null", "null");
        yield return ("top-level string", "\"'; DROP TABLE x;--\"");
        yield return ("top-level number", "-1e999");
        yield return ("top-level array", "[" + text + "]");
        yield return ("NaN literal", "{\"a\": NaN}");
        yield return ("byte-order mark then garbage", "\uFEFF\u0000{");
    }

    private static IEnumerable<(string, string, RequestBody)> PropertyMutations(SchemaShape schema, JsonObject plausible, string type)
    {
        RequestBody With(string name, JsonNode? value)
        {
            var copy = plausible.DeepClone().AsObject();
            copy[name] = value;
            return new RequestBody(PlausibleValues.Utf8(copy), type);
        }

        yield return ("missing required", "empty object", new RequestBody("{}"u8.ToArray(), type));
        yield return ("extra fields", "only unknown properties", new RequestBody(Encoding.UTF8.GetBytes(
            "{\"unexpected\":\"'; DROP TABLE x;--\",\"__proto__\":{\"admin\":true},\"$type\":\"System.Diagnostics.Process\"}"), type));
        var required = schema.Required;
        foreach (var (name, property) in schema.Properties)
        {
            yield return ("wrong type", name, With(name, PlausibleValues.WrongType(property)));
            // The generator marks every constructor parameter required, nullable ones too: those may be left out.
            if (required.Contains(name) && !property.IsNullable)
            {
                var copy = plausible.DeepClone().AsObject();
                copy.Remove(name);
                yield return ("missing required", name, new RequestBody(PlausibleValues.Utf8(copy), type));
                yield return ("missing required", $"{name} null", With(name, null));
            }
            switch (property.Type)
            {
                case "string" when property.Enum.Count == 0:
                    yield return ("huge string", $"{name}: 1 MB", With(name, new string('x', 1_000_000)));
                    if (IsName(name))
                    {
                        yield return ("hostile name", $"{name}: path traversal", With(name, "../../etc/passwd"));
                        yield return ("hostile name", $"{name}: SQL and shell", With(name, "'; DROP TABLE x;-- $(rm -rf /) `id`"));
                        yield return ("hostile name", $"{name}: NUL and newline", With(name, "a\u0000b\r\nc"));
                    }
                    break;
                case "string":
                    yield return ("hostile text", $"{name}: not one of the enum values", With(name, "'; DROP TABLE x;--"));
                    break;
                case "array":
                    var item = property.Items is { } items ? PlausibleValues.For(items) : null;
                    var huge = new JsonArray();
                    for (var i = 0; i < 10_000; i++)
                    {
                        huge.Add(item?.DeepClone());
                    }
                    yield return ("huge array", $"{name}: 10,000 items", With(name, huge));
                    yield return ("wrong type", $"{name}: items of another type", With(name, new JsonArray(new JsonArray(), new JsonObject(), 1, "x", null)));
                    break;
                case "integer" or "number":
                    foreach (var (label, number) in OutOfRangeNumbers)
                    {
                        yield return ("number out of range", $"{name}: {label}", With(name, JsonNode.Parse(number)));
                    }
                    break;
            }
        }
    }

    // Properties that name or reference something (a model, a view, an alias...), where metacharacters are never valid;
    // free text (descriptions, messages) may hold any characters, so hostile text there is valid input.
    private static bool IsName(string property) =>
        property.EndsWith("name", StringComparison.OrdinalIgnoreCase) || property.EndsWith("Id", StringComparison.Ordinal)
        || property is "model" or "alias" or "view" or "entity" or "useCase" or "environment" or "featureService" or "pool";

    private static readonly (string, string)[] OutOfRangeNumbers =
    [
        ("-1", "-1"),
        ("minimum int64", "-9223372036854775808"),
        ("beyond int64", "99999999999999999999999999"),
        ("beyond int32", "2147483648"),
        ("fraction", "0.000001"),
        ("huge fraction", "1.7976931348623157e308"),
        ("NaN as string", "\"NaN\""),
        ("Infinity as string", "\"-Infinity\""),
        ("beyond double", "1e400"),
    ];

    private static byte[] Nested(string open, string close, int depth)
    {
        var builder = new StringBuilder((open.Length + close.Length) * depth + 2);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open);
        }
        builder.Append('1');
        for (var i = 0; i < depth; i++)
        {
            builder.Append(close);
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    // The plausible body with its first string value's bytes replaced by invalid UTF-8.
    private static byte[] InvalidUtf8(JsonNode? plausible)
    {
        var bytes = PlausibleValues.Utf8(plausible);
        var marker = Encoding.UTF8.GetBytes(PlausibleValues.AbsentName);
        var at = bytes.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return [(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        }
        var result = bytes.ToArray();
        result[at] = 0xC3;
        result[at + 1] = 0x28;
        result[at + 2] = 0xFF;
        return result;
    }

    // Well-formed JSON whose escape makes no text: "\ud800" without its low surrogate.
    private static byte[] LoneSurrogate(byte[] valid)
    {
        var text = Encoding.UTF8.GetString(valid);
        var at = text.IndexOf(PlausibleValues.AbsentName, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(at < 0 ? "\"\\ud800\"" : text[..at] + "\\ud800" + text[(at + PlausibleValues.AbsentName.Length)..]);
    }

    private static RequestBody Multipart(byte[] json)
    {
        var boundary = "badinput-boundary";
        var text = $"--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
            + Encoding.UTF8.GetString(json) + $"\r\n--{boundary}--\r\n";
        return new RequestBody(Encoding.UTF8.GetBytes(text), $"multipart/form-data; boundary={boundary}");
    }

    // A JSON string value that never ends, streamed so that the test does not hold 31 MB: the service must refuse it
    // by its size (413), having read at most its limit.
    private sealed class OversizeContent : HttpContent
    {
        private readonly long length;

        public OversizeContent(long length, string contentType)
        {
            this.length = length;
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType.Split(';')[0]);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            "{\"a\":\""u8.CopyTo(chunk);
            for (long sent = 0; sent < length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
                chunk.AsSpan(0, 6).Fill((byte)'a');
            }
        }

        protected override bool TryComputeLength(out long result)
        {
            result = length;
            return true;
        }
    }
}
