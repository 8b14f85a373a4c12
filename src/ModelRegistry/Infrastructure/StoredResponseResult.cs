using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Infrastructure;

// Writes a mutation's response exactly as stored, so that a retried request gets the first answer byte for byte.
internal sealed class StoredResponseResult(StoredResponse response) : IResult
{
    public StoredResponse Response => response;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = response.StatusCode;
        if (response.Location is not null)
        {
            httpContext.Response.Headers.Location = response.Location;
        }
        if (response.StatusCode == StatusCodes.Status204NoContent)
        {
            return;
        }
        httpContext.Response.ContentType = response.ContentType;
        await httpContext.Response.WriteAsync(response.Body);
    }
}
