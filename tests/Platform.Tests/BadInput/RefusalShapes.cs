using System.Text.Json;

namespace Reference.Platform.Tests.BadInput;

// What a refusal must look like. Problem+json (RFC 9457, with title and status) everywhere, but for two kinds of
// refusal that by design are not: Kestrel's own answer to a request line it will not parse (no application code ran,
// so nothing could change, and Kestrel writes no body), and the MLflow-compatible routes, whose clients expect
// MLflow's REST error shape ({error_code, message}).
public static class RefusalShapes
{
    public static string? Check(BadInputCase @case, int status, string? contentType, string body)
    {
        if (IsKestrelRefusal(@case, status, contentType, body))
        {
            return null;
        }
        // MLflow's routes answer their own refusals in MLflow's shape; what the binder or the pipeline refuses
        // before the route runs (unparseable JSON, oversize bodies) is a problem, as everywhere.
        return @case.Operation.Template.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal) && contentType != "application/problem+json"
            ? MlflowError(status, contentType, body)
            : Problem(status, contentType, body);
    }

    // 414 for a request line beyond Kestrel's 8 KB limit (the 10,000-character values), 400 for a NUL or control
    // character in the path, which Kestrel refuses before routing.
    private static bool IsKestrelRefusal(BadInputCase @case, int status, string? contentType, string body) =>
        contentType is null && body.Length == 0 && @case.Kind is "path parameter" or "query parameter"
        && ((status == 414 && @case.PathAndQuery.Length > 8 * 1024) || (status == 400 && @case.Kind == "path parameter" && @case.Detail.EndsWith("NUL and control characters", StringComparison.Ordinal)));

    private static string? MlflowError(int status, string? contentType, string body)
    {
        if (contentType != "application/json")
        {
            return $"{status} with Content-Type '{contentType ?? "none"}', not MLflow's application/json error";
        }
        return Parse(body, root => root.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String && root.TryGetProperty("message", out _)
            ? null
            : $"{status} MLflow error without error_code and message");
    }

    private static string? Problem(int status, string? contentType, string body)
    {
        if (contentType != "application/problem+json")
        {
            return $"{status} with Content-Type '{contentType ?? "none"}', not application/problem+json";
        }
        return Parse(body, root =>
            !root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || title.GetString()!.Length == 0 ? $"{status} problem without a title"
            : !root.TryGetProperty("status", out var value) || value.ValueKind != JsonValueKind.Number || value.GetInt32() != status ? $"{status} problem whose status is not {status}"
            : null);
    }

    private static string? Parse(string body, Func<JsonElement, string?> check)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? check(document.RootElement) : "error body is not a JSON object";
        }
        catch (JsonException ex)
        {
            return $"error body that is not JSON: {ex.Message}";
        }
    }
}
