using System.Net.Http.Headers;

namespace Reference.Platform.Tests.BadInput;

// One request of the battery: an operation of a service, what is wrong with it (Kind groups the cases, Detail says
// which one), and the exact bytes to send. The path and query go on the wire as written (hostile encodings intact).
public sealed record BadInputCase(OperationShape Operation, string Kind, string Detail, string PathAndQuery, RequestBody? Body)
{
    public override string ToString() => $"{Operation} [{Kind}: {Detail}]";

    public HttpRequestMessage ToRequest(Uri baseAddress, string token)
    {
        var uri = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + PathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var request = new HttpRequestMessage(new HttpMethod(Operation.Method), uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (Body is not null)
        {
            request.Content = Body.ToContent();
            // As curl does for large uploads: a service that refuses the size answers before the body is sent.
            request.Headers.ExpectContinue = Body.Stream is not null;
        }
        return request;
    }
}

// A body as bytes and a Content-Type header sent verbatim (null: no header at all), or a generated stream.
public sealed record RequestBody(byte[] Bytes, string? ContentType, Func<HttpContent>? Stream = null)
{
    public static RequestBody Json(byte[] bytes) => new(bytes, "application/json");

    public HttpContent ToContent()
    {
        var content = Stream?.Invoke() ?? new ByteArrayContent(Bytes);
        if (ContentType is not null && Stream is null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return content;
    }
}
