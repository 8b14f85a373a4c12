using System.Globalization;
using System.Text.Json;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.Security;

// One operation of a service's OpenAPI document, with its path parameters filled with values that name nothing
// (a test never depends on what other tests created): enough to reach authentication and authorization.
public sealed record ApiOperation(string Service, string Method, string Template, string Path, string? BodyType)
{
    // Probes and API documents are anonymous by convention.
    private static readonly string[] AnonymousPrefixes = ["/health", "/alive", "/v2/health/", "/openapi/"];

    public string Key => $"{Service} {Method} {Template}";

    public bool IsProbeOrDocument => AnonymousPrefixes.Any(p => Template.StartsWith(p, StringComparison.Ordinal) || Template == p.TrimEnd('/'));

    public override string ToString() => Key;

    public static async Task<IReadOnlyList<ApiOperation>> ReadAllAsync(PlatformFixture platform)
    {
        var operations = new List<ApiOperation>();
        foreach (var service in PlatformFixture.Services)
        {
            using var client = platform.Client(service);
            using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
            foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            {
                foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch"))
                {
                    operations.Add(new ApiOperation(service, operation.Name.ToUpperInvariant(), path.Name, Fill(path.Name, Parameters(path.Value, operation.Value)), RequestBodyType(operation.Value)));
                }
            }
        }
        return operations;
    }

    private static Dictionary<string, JsonElement> Parameters(params JsonElement[] scopes)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            if (scope.TryGetProperty("parameters", out var parameters))
            {
                foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path"))
                {
                    result[parameter.GetProperty("name").GetString()!] = parameter.TryGetProperty("schema", out var schema) ? schema : default;
                }
            }
        }
        return result;
    }

    // JSON when the operation takes it, else the first type it declares (routing answers 415 to any other type
    // before authorization runs).
    private static string? RequestBodyType(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return null;
        }
        var types = content.EnumerateObject().Select(c => c.Name).ToList();
        return types.Contains("application/json") ? "application/json" : types.FirstOrDefault();
    }

    // "challenger" for aliases (the one alias services may move), a Guid where the route wants one, a large number where it wants an integer, else a name nobody uses.
    private static string Fill(string template, Dictionary<string, JsonElement> parameters)
    {
        var path = template;
        foreach (var (name, schema) in parameters)
        {
            var type = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t) ? t.ToString() : "string";
            var format = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            var value = name == "alias" ? "challenger"
                : format == "uuid" ? Guid.NewGuid().ToString()
                : type.Contains("integer", StringComparison.Ordinal) ? (987_654 + name.Length).ToString(CultureInfo.InvariantCulture)
                : $"sec-none-{name.ToLowerInvariant()}";
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return path;
    }
}
