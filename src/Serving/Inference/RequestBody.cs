using System.Buffers;

namespace Reference.Serving.Inference;

// Reads a request body into a rented buffer (returned by the caller), refusing more than maxBytes with 413.
internal static class RequestBody
{
    public static async ValueTask<(byte[] Buffer, int Length)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var known ? (int)known : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= maxBytes)
                    {
                        throw TooLarge(maxBytes);
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static InferenceException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body exceeds {maxBytes} bytes; send fewer rows per request.");
}
