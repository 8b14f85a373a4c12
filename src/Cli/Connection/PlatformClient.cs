using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Reference.Cli.Connection;

// HTTP to the platform's services: the right bearer token per call, JSON in and out, and a failed call turned into
// one CliException that names the service, the request and what the service said (problem+json detail and fields).
public sealed class PlatformClient(ServiceEndpoints endpoints, Credentials credentials) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public ServiceEndpoints Endpoints { get; } = endpoints;

    public Credentials Credentials { get; } = credentials;

    public async Task<JsonElement> SendAsync(HttpMethod method, string service, string path, object? body, string role, CancellationToken cancellationToken,
        string subject = Credentials.Operator, string? idempotencyKey = null)
    {
        using var response = await SendRawAsync(method, service, path, body is null ? null : JsonContent.Create(body, options: Json), role, cancellationToken, subject, idempotencyKey);
        return await ReadAsync(response, cancellationToken);
    }

    public async Task<JsonElement?> GetOrNullAsync(string service, string path, string role, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, service, path, null, role, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, cancellationToken);
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string service, string path, HttpContent? content, string role, CancellationToken cancellationToken,
        string subject = Credentials.Operator, string? idempotencyKey = null, bool allowNotFound = false, bool allowConflict = false, Uri? baseUrl = null)
    {
        var url = new Uri(baseUrl ?? Endpoints.First(service), path);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Credentials.For(role, subject));
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"{service} at {url.GetLeftPart(UriPartial.Authority)} did not answer {method} {path}: {ex.Message}. Is the platform running?");
        }

        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound) || (allowConflict && response.StatusCode == HttpStatusCode.Conflict))
        {
            return response;
        }

        using (response)
        {
            throw new CliException(await DescribeFailureAsync(service, method, path, response, cancellationToken));
        }
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text, Json);
    }

    public void Dispose() => http.Dispose();

    private static async Task<string> DescribeFailureAsync(string service, HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = new StringBuilder($"{service} refused {method} {path}: {(int)response.StatusCode} {response.ReasonPhrase}");
        try
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(text);
            if (problem.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "title", "detail", "error" })
                {
                    if (problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        message.Append(". ").Append(value.GetString()?.TrimEnd('.'));
                    }
                }

                if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in errors.EnumerateObject())
                    {
                        var reasons = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(v => v.ToString()) : [field.Value.ToString()];
                        message.Append(Environment.NewLine).Append($"  {field.Name}: {string.Join(" ", reasons)}");
                    }
                }
            }
        }
        catch (JsonException)
        {
            if (text.Length > 0)
            {
                message.Append(": ").Append(text.Length > 500 ? text[..500] : text);
            }
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            message.Append(Environment.NewLine).Append("  The token was not accepted: mint a new one with `dotnet run --project AppHost -- token --role …`.");
        }

        return message.ToString();
    }
}
