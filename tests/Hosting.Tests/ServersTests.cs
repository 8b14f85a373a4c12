using Npgsql;
using Reference.Hosting.Testing;
using StackExchange.Redis;

namespace Reference.Hosting.Tests;

public class ServersTests
{
    [Fact]
    public async Task Postgres_and_redis_accept_authenticated_connections_and_keep_data_across_a_restart()
    {
        var state = DistributedApplicationTestingBuilder.NewStateDirectory();
        try
        {
            string firstDb, firstCache;
            await using (var app = BuildServers(state))
            {
                await app.StartAsync(Timeouts.Start);
                firstDb = await app.GetConnectionStringAsync("appdb");
                firstCache = await app.GetConnectionStringAsync("cache");

                await using (var connection = new NpgsqlConnection(firstDb))
                {
                    await connection.OpenAsync();
                    await new NpgsqlCommand("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('survives')", connection).ExecuteNonQueryAsync();
                }

                using var redis = await ConnectionMultiplexer.ConnectAsync(firstCache);
                await redis.GetDatabase().StringSetAsync("kept", "survives");

                // A wrong password is refused: authentication is real.
                var wrong = new NpgsqlConnectionStringBuilder(firstDb) { Password = "wrong" }.ConnectionString;
                await using var refused = new NpgsqlConnection(wrong);
                var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync());
                Assert.Equal("28P01", error.SqlState);
            }

            await using (var again = BuildServers(state))
            {
                await again.StartAsync(Timeouts.Start);
                await using var connection = new NpgsqlConnection(await again.GetConnectionStringAsync("appdb"));
                await connection.OpenAsync();
                Assert.Equal("survives", await new NpgsqlCommand("SELECT value FROM kept", connection).ExecuteScalarAsync());

                using var redis = await ConnectionMultiplexer.ConnectAsync(await again.GetConnectionStringAsync("cache"));
                Assert.Equal("survives", (string?)await redis.GetDatabase().StringGetAsync("kept"));
            }
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_server_binary_stops_the_start_with_one_clear_message_and_starts_nothing()
    {
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions { Args = ["--Hosting:Binaries:redis-server=/nonexistent/redis-server"] });
        builder.AddRedis("cache");
        builder.AddExecutable("bystander", "/bin/sleep", "/", "30");
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync(Timeouts.Start));

        Assert.Contains("/nonexistent/redis-server", error.Message);
        Assert.Empty(app.ResourceNotifications.Get("bystander").Pids);
    }

    [Fact]
    public async Task Stopping_ends_every_process_including_the_database_server()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("pg").AddDatabase("db");
        builder.AddRedis("cache");
        var app = builder.Build();
        await app.StartAsync(Timeouts.Start);
        var pids = app.ResourceNotifications.Snapshots.SelectMany(s => s.Pids).ToArray();
        Assert.Equal(2, pids.Length);

        await app.DisposeAsync();

        Assert.All(pids, pid => Assert.False(Timeouts.IsAlive(pid), $"process {pid} is still running"));
        Assert.All(app.ResourceNotifications.Snapshots.Where(s => s.Type != "Parameter"), s => Assert.Equal("Stopped", s.State));
    }

    private static DistributedApplication BuildServers(string state)
    {
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions { StateDirectory = state });
        builder.AddPostgres("pg").AddDatabase("appdb");
        builder.AddRedis("cache");
        return builder.Build();
    }
}
