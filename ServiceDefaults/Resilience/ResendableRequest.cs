using System.Net.Http.Json;

namespace Reference.ServiceDefaults;

// Whether a request may be sent again: idempotent by method or by an Idempotency-Key, with content that can be replayed.
public static class ResendableRequest
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static bool IsIdempotent(HttpRequestMessage request)
    {
        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
            || method == HttpMethod.Put || method == HttpMethod.Delete
            || request.Headers.Contains(IdempotencyKeyHeader);
    }

    public static async ValueTask<bool> TryMakeReplayableAsync(HttpRequestMessage request, long maxBufferedBytes, CancellationToken cancellationToken)
    {
        switch (request.Content)
        {
            case null:
            case ByteArrayContent: // includes StringContent and FormUrlEncodedContent
            case ReadOnlyMemoryContent:
            case JsonContent: // serializes its value on every send
                return true;
        }

        if (request.Content.Headers.ContentLength is { } length && length <= maxBufferedBytes)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            return true;
        }
        return false;
    }
}
