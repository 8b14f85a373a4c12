using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Reference.Hosting.Orchestration;

/// <summary>Real health: a login and SELECT 1, an authenticated PING, an HTTP 200.</summary>
internal static class HealthProbes
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<bool> HttpAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task<bool> PostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=5");
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>AUTH then PING in RESP, on a plain socket: cheap and free of client-library state.</summary>
    public static async Task<bool> RedisAsync(int port, string password, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            var request = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var received = string.Empty;
            while (received.Split("\r\n").Length < 3)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                received += Encoding.UTF8.GetString(buffer, 0, read);
            }

            return received == "+OK\r\n+PONG\r\n";
        }
        catch (Exception ex) when (ex is SocketException or System.IO.IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
