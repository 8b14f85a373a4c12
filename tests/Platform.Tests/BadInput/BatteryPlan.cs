using System.Text;

namespace Reference.Platform.Tests.BadInput;

// The cases for one operation: each path parameter and each declared query parameter in turn gets every hostile value
// (the others plausible), and the body, when the operation takes one, every mutation of BodyMutations.
public static class BatteryPlan
{
    // Operations that read a body they do not declare (streamed, parsed by hand) still get the body cases, as JSON.
    private static readonly BodyShape UndeclaredBody = new(["application/json"], new SchemaResolver(default).Resolve(default));

    public static IEnumerable<BadInputCase> For(OperationShape operation)
    {
        foreach (var parameter in operation.PathParameters)
        {
            foreach (var (label, value) in HostileValues.For(parameter.Schema))
            {
                yield return new BadInputCase(operation, "path parameter", $"{parameter.Name}: {label}",
                    Path(operation, parameter.Name, value) + RequiredQuery(operation, except: null), PlausibleBody(operation));
            }
        }
        foreach (var parameter in operation.QueryParameters)
        {
            foreach (var (label, value) in HostileValues.For(parameter.Schema))
            {
                var query = RequiredQuery(operation, except: parameter.Name);
                query += (query.Length == 0 ? "?" : "&") + $"{parameter.Name}={value}";
                yield return new BadInputCase(operation, "query parameter", $"{parameter.Name}: {label}", Path(operation, null, null) + query, PlausibleBody(operation));
            }
        }
        var body = operation.Body ?? (operation.Method is "POST" or "PUT" or "PATCH" ? UndeclaredBody : null);
        if (body is not null)
        {
            var target = Path(operation, null, null) + RequiredQuery(operation, except: null);
            foreach (var (kind, detail, content) in BodyMutations.For(body))
            {
                yield return new BadInputCase(operation, kind, detail, target, content);
            }
        }
    }

    private static string Path(OperationShape operation, string? hostileName, string? hostileValue)
    {
        var path = new StringBuilder(operation.Template);
        foreach (var parameter in operation.PathParameters)
        {
            path.Replace("{" + parameter.Name + "}", parameter.Name == hostileName ? hostileValue : HostileValues.Plausible(parameter.Schema));
        }
        return path.ToString();
    }

    private static string RequiredQuery(OperationShape operation, string? except)
    {
        var required = operation.QueryParameters.Where(p => p.Required && p.Name != except).Select(p => $"{p.Name}={HostileValues.Plausible(p.Schema)}").ToList();
        return required.Count == 0 ? "" : "?" + string.Join('&', required);
    }

    // Parameter cases of an operation that takes a body send a plausible one, so that the parameter is what is wrong.
    private static RequestBody? PlausibleBody(OperationShape operation)
    {
        if (operation.Body is { } body)
        {
            return new RequestBody(PlausibleValues.Utf8(PlausibleValues.For(body.Schema)), body.ContentTypes[0]);
        }
        return operation.Method is "POST" or "PUT" or "PATCH" ? RequestBody.Json("{}"u8.ToArray()) : null;
    }
}
