using System.Net;
using System.Text;

namespace Reference.FeatureStore.Tests.Support;

// Sends a body in tiny chunks with a flush after each, so the server's streaming parsers see rows, tokens and
// strings cut at every possible place.
internal sealed class TrickleContent(string body, string contentType, int seed) : HttpContent
{
    private readonly byte[] _bytes = Encoding.UTF8.GetBytes(body);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var random = new Random(seed);
        for (var offset = 0; offset < _bytes.Length;)
        {
            var length = Math.Min(random.Next(1, 8), _bytes.Length - offset);
            await stream.WriteAsync(_bytes.AsMemory(offset, length));
            await stream.FlushAsync();
            offset += length;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    public TrickleContent Typed()
    {
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        return this;
    }
}
