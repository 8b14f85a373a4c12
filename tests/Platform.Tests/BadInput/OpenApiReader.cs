using System.Text.Json;

namespace Reference.Platform.Tests.BadInput;

// Every operation of a service's own OpenAPI document (GET /openapi/v1.json), so that a new endpoint joins the battery
// without anyone listing it.
public static class OpenApiReader
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static async Task<IReadOnlyList<OperationShape>> ReadAsync(HttpClient client, string service)
    {
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var resolver = new SchemaResolver(root.TryGetProperty("components", out var components) ? components : default);
        var operations = new List<OperationShape>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var parameters = Parameters(resolver, path.Value, operation.Value);
                operations.Add(new OperationShape(
                    service,
                    operation.Name.ToUpperInvariant(),
                    path.Name,
                    parameters.Where(p => p.In == "path").Select(p => p.Shape).ToList(),
                    parameters.Where(p => p.In == "query").Select(p => p.Shape).ToList(),
                    Body(resolver, operation.Value)));
            }
        }
        return operations;
    }

    // Path-level parameters, overridden by the operation's own of the same name and location.
    private static List<(string In, ParameterShape Shape)> Parameters(SchemaResolver resolver, JsonElement path, JsonElement operation)
    {
        var result = new Dictionary<(string, string), ParameterShape>();
        foreach (var scope in new[] { path, operation })
        {
            if (!scope.TryGetProperty("parameters", out var parameters))
            {
                continue;
            }
            foreach (var parameter in parameters.EnumerateArray())
            {
                var location = parameter.GetProperty("in").GetString()!;
                var name = parameter.GetProperty("name").GetString()!;
                var schema = resolver.Resolve(parameter.TryGetProperty("schema", out var s) ? s : default);
                var required = parameter.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
                result[(location, name)] = new ParameterShape(name, schema, required);
            }
        }
        return result.Select(p => (p.Key.Item1, p.Value)).ToList();
    }

    private static BodyShape? Body(SchemaResolver resolver, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return null;
        }
        var types = content.EnumerateObject().Select(c => c.Name).OrderBy(t => t.EndsWith("json", StringComparison.Ordinal) ? 0 : 1).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var first = content.GetProperty(types[0]);
        return new BodyShape(types, resolver.Resolve(first.TryGetProperty("schema", out var schema) ? schema : default));
    }
}
