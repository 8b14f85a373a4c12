using Google.Protobuf;
using Microsoft.AspNetCore.Http.Metadata;
using System.Reflection;

namespace Reference.Observability.Ingest;

/// <summary>An OTLP Export*ServiceResponse, encoded as the request was (protobuf or JSON).</summary>
internal sealed class OtlpExportResult(IMessage response, OtlpEncoding encoding) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public IMessage Response { get; } = response;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        if (encoding == OtlpEncoding.Protobuf)
        {
            httpContext.Response.ContentType = OtlpContentTypes.Protobuf;
            var size = Response.CalculateSize();
            httpContext.Response.ContentLength = size;
            if (size > 0)
            {
                var memory = httpContext.Response.BodyWriter.GetMemory(size);
                Response.WriteTo(memory.Span[..size]);
                httpContext.Response.BodyWriter.Advance(size);
                await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
            }
            return;
        }
        httpContext.Response.ContentType = OtlpContentTypes.Json;
        await httpContext.Response.WriteAsync(JsonFormatter.Default.Format(Response), httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, [OtlpContentTypes.Protobuf, OtlpContentTypes.Json]));
}
