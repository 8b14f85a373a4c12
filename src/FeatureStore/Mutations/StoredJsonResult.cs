using System.Text;
using Microsoft.AspNetCore.Http;

namespace Reference.FeatureStore.Mutations;

// A response whose JSON body was produced (or stored for an Idempotency-Key) before it is written, so a retry
// returns exactly the bytes of the first answer.
public sealed class StoredJsonResult(int statusCode, string contentType, string body, string? location) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        if (statusCode == StatusCodes.Status204NoContent)
        {
            return;
        }
        httpContext.Response.ContentType = contentType;
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }
        await httpContext.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), httpContext.RequestAborted);
    }
}
