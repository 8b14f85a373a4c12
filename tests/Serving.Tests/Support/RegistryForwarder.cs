using System.Net;
using System.Net.Sockets;

namespace Reference.Serving.Tests.Support;

// A TCP forwarder between serving and the real registry, so that a test can cut the registry off (every open
// connection closed, new ones refused) and bring it back, while the registry process itself keeps running for the test.
public sealed class RegistryForwarder : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> open = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private readonly Func<Uri> target;
    private volatile bool cut;

    // target is asked on each connection: the registry's address is known only once the application has started it.
    public RegistryForwarder(Func<Uri> target)
    {
        this.target = target;
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    public void Cut()
    {
        cut = true;
        lock (open)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }
            open.Clear();
        }
    }

    public void Restore() => cut = false;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            if (cut)
            {
                inbound.Client.LingerState = new LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }
            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient();
        try
        {
            var address = target();
            await outbound.ConnectAsync(address.Host, address.Port, stop.Token);
            lock (open)
            {
                open.Add(inbound);
                open.Add(outbound);
            }
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var up = inbound.GetStream().CopyToAsync(outbound.GetStream(), connection.Token);
            var down = outbound.GetStream().CopyToAsync(inbound.GetStream(), connection.Token);
            await Task.WhenAny(up, down);
            connection.Cancel();
        }
        catch (Exception)
        {
            // A cut or closed connection ends here; the client sees the reset.
        }
        finally
        {
            lock (open)
            {
                open.Remove(inbound);
                open.Remove(outbound);
            }
            inbound.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        Cut();
        await accepting;
        stop.Dispose();
    }
}
