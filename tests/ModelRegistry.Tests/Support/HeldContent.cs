namespace Reference.ModelRegistry.Tests.Support;

// An artifact body that sends `before` bytes, signals, then trickles until `release` before sending the rest: it keeps
// an upload in flight for as long as a test needs (to saturate the limiter or to crash the service mid-upload).
internal sealed class HeldContent(int before, int after, Task release) : HttpContent
{
    private readonly TaskCompletionSource sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Sent => sent.Task;

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Registry.RandomBytes(before), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        sent.TrySetResult();
        // A trickle while held: Kestrel drops request bodies slower than 240 bytes/s, as it should.
        var trickle = Registry.RandomBytes(1024);
        while (!release.IsCompleted)
        {
            await stream.WriteAsync(trickle, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.WhenAny(release, Task.Delay(100, cancellationToken));
        }
        await stream.WriteAsync(Registry.RandomBytes(after), cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
