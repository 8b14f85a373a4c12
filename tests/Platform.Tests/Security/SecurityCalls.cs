using System.Net.Http.Headers;
using System.Text;

namespace Reference.Platform.Tests.Security;

// Sends an operation as a caller would, with a body that no mutation accepts (an empty JSON array where objects or
// rows are expected, an empty body of the declared type otherwise), so that an allowed call is answered 400 or 404
// and changes nothing.
public static class SecurityCalls
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, ApiOperation operation, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.Path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (operation.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = operation.BodyType is null or "application/json" or "application/x-ndjson"
                ? new StringContent("[]", Encoding.UTF8, "application/json")
                : new ByteArrayContent([]) { Headers = { ContentType = MediaTypeHeaderValue.Parse(operation.BodyType) } };
        }
        // Event streams answer with headers and then stay open: the status is all that is needed.
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            response.Content.Dispose();
        }
        return response;
    }
}
