using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace Reference.FeatureStore.Materialization;

// Redis and PostgreSQL failures that waiting cures: a dropped or refused connection, a timeout, a server that is
// restarting, loading its data or killed our session. A materialization retries these from its last acknowledged
// batch instead of failing; anything else (a missing view, a bug) fails the job at once.
public static class TransientStoreFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("BUSY", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal),
        // 08: connection exceptions; 57P01-57P03: the server shut our session down or is starting; 53300: too many
        // connections; 40001/40P01: serialization failure, deadlock.
        PostgresException postgres => postgres.IsTransient
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    // Waits before retry 1, 2, 3…: Delay, doubled each time, at most MaxDelay.
    public static TimeSpan Backoff(int retry, MaterializationOptions options)
    {
        var delay = options.TransientRetryDelay * Math.Pow(2, Math.Clamp(retry - 1, 0, 16));
        return delay < options.TransientRetryMaxDelay ? delay : options.TransientRetryMaxDelay;
    }
}
