using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults;

// MapOpenApi builds the document again for every request (tens of milliseconds of reflection and serialization), and
// the path is anonymous: 1,000 requests/s kept a service's cores busy for seconds. The document depends only on the
// endpoints, which do not change once the app runs, so the first successful answer is kept and replayed. It is built
// on first request, not at MapDefaultEndpoints, because the service maps its own endpoints after that call. In
// Development the document's "servers" entry comes from the request's scheme and host, so there the key includes them
// (bounded: Host is the caller's to choose).
internal sealed class OpenApiDocumentCache(IHostEnvironment environment) : IEndpointFilter
{
    private const int MaxDevelopmentEntries = 32;

    private readonly ConcurrentDictionary<string, CachedDocument> documents = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim building = new(1, 1);
    private readonly bool keyByHost = environment.IsDevelopment();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = keyByHost ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}" : http.Request.Path.Value ?? "";
        if (documents.TryGetValue(key, out var document))
        {
            await WriteAsync(http, document);
            return Results.Empty;
        }

        // One build at a time: a burst of first requests waits for the first build instead of each starting its own.
        await building.WaitAsync(http.RequestAborted);
        try
        {
            if (documents.TryGetValue(key, out document))
            {
                await WriteAsync(http, document);
                return Results.Empty;
            }
            var (result, built) = await CaptureAsync(context, next);
            if (built is null)
            {
                return result;
            }
            if (!keyByHost || documents.Count < MaxDevelopmentEntries)
            {
                documents[key] = built;
            }
            await WriteAsync(http, built);
            return result;
        }
        finally
        {
            building.Release();
        }
    }

    // Runs MapOpenApi's handler with the response body redirected to memory; a document only if it answered 200.
    private static async Task<(object? Result, CachedDocument? Document)> CaptureAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var original = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer, original);
        http.Features.Set<IHttpResponseBodyFeature>(capture);
        object? result;
        try
        {
            result = await next(context);
            await capture.CompleteAsync();
        }
        finally
        {
            http.Features.Set(original);
        }
        if (http.Response.StatusCode != StatusCodes.Status200OK)
        {
            // Not a document (404 for an unknown name): pass the answer on as it was written.
            await original.Writer.WriteAsync(buffer.ToArray(), http.RequestAborted);
            return (result, null);
        }
        return (result, new CachedDocument(buffer.ToArray(), http.Response.ContentType ?? "application/json;charset=utf-8"));
    }

    private static Task WriteAsync(HttpContext http, CachedDocument document)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = document.ContentType;
        http.Response.ContentLength = document.Body.Length;
        return http.Response.Body.WriteAsync(document.Body, http.RequestAborted).AsTask();
    }

    private sealed record CachedDocument(byte[] Body, string ContentType);
}
