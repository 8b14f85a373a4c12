using Microsoft.Net.Http.Headers;

namespace Reference.Observability.Ingest;

/// <summary>The two OTLP/HTTP encodings; the response uses the request's.</summary>
internal enum OtlpEncoding
{
    Protobuf,
    Json,
}

internal static class OtlpContentTypes
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    public static OtlpEncoding? Of(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }
        return media.MediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase) ? OtlpEncoding.Protobuf
            : media.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) ? OtlpEncoding.Json
            : null;
    }
}
