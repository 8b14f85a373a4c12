using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Reference.Serving.Tests.Support;

// Version uploads that send part of their artifact and then trickle until released. Each holds one of the registry's
// slots for artifact transfers (Limits:ExpensiveConcurrency) while it lasts, so a test can make the real registry
// answer downloads with 429 and Retry-After, as it does when it is saturated.
internal sealed class HeldUploads : IAsyncDisposable
{
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(HttpClient Client, Task<HttpResponseMessage> Upload)> uploads = [];

    // Starts count uploads into model and returns once a download of its version 1 is refused with 429.
    public static async Task<HeldUploads> SaturateAsync(ServingFixture fixture, string model, int count)
    {
        var held = new HeldUploads();
        for (var i = 0; i < count; i++)
        {
            var client = fixture.Client("model-registry", "ml-engineer");
            var artifact = new TrickleContent(held.release.Task);
            held.uploads.Add((client, client.PostAsync($"/api/models/{model}/versions", Upload(artifact))));
            await artifact.Started;
        }
        using var probe = fixture.Client("model-registry", "viewer");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await probe.GetAsync($"/api/models/{model}/versions/1/artifact");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return held;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{count} held uploads did not saturate the registry (a download answered {(int)response.StatusCode})");
            await Task.Delay(50);
        }
    }

    // Lets the uploads finish; each must have been stored.
    public async Task ReleaseAsync()
    {
        release.TrySetResult();
        foreach (var (client, upload) in uploads)
        {
            using var response = await upload;
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            client.Dispose();
        }
        uploads.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        release.TrySetResult();
        foreach (var (client, upload) in uploads)
        {
            try
            {
                (await upload).Dispose();
            }
            catch (HttpRequestException)
            {
            }
            client.Dispose();
        }
    }

    private static MultipartFormDataContent Upload(HttpContent artifact)
    {
        var content = new MultipartFormDataContent();
        var metadata = new StringContent("""{"algorithm":"logistic"}""", Encoding.UTF8);
        metadata.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(metadata, "metadata");
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", "model.bin");
        return content;
    }

    // 64 KiB at once, then 1 KiB every 100 ms until released (Kestrel drops bodies slower than 240 bytes/s).
    private sealed class TrickleContent(Task released) : HttpContent
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => started.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(new byte[64 * 1024], cancellationToken);
            await stream.FlushAsync(cancellationToken);
            started.TrySetResult();
            var trickle = new byte[1024];
            while (!released.IsCompleted)
            {
                await stream.WriteAsync(trickle, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.WhenAny(released, Task.Delay(100, cancellationToken));
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
