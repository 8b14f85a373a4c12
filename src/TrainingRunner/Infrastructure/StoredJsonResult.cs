using Reference.ServiceDefaults.Persistence;

namespace Reference.TrainingRunner.Infrastructure;

// Writes a mutation's stored response as it was first sent, so that a retried request gets the same answer.
internal sealed class StoredJsonResult(StoredResponse response) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = response.StatusCode;
        if (response.Location is not null)
        {
            httpContext.Response.Headers.Location = response.Location;
        }
        httpContext.Response.ContentType = response.ContentType;
        await httpContext.Response.WriteAsync(response.Body);
    }
}
