namespace Reference.ModelRegistry.Infrastructure;

// 200 with a JSON body that is already serialized (the alias cache's entries).
internal sealed class JsonBytesResult(byte[] json) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = json.Length;
        return httpContext.Response.Body.WriteAsync(json).AsTask();
    }
}
