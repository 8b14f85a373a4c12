using System.Net;
using Microsoft.Extensions.Hosting;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

// Against real PostgreSQL and Redis these are exercised by the integration tests that start servers through src/Hosting.
public sealed class ClientRegistrationTests
{
    [Fact]
    public void Missing_postgres_connection_string_names_the_key_to_set()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Builder().AddNpgsqlDataSource("registrydb"));

        Assert.Contains("ConnectionStrings:registrydb", failure.Message);
        Assert.Contains("ConnectionStrings__registrydb", failure.Message);
    }

    [Fact]
    public void Missing_redis_connection_string_names_the_key_to_set()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Builder().AddRedisClient("online-store"));

        Assert.Contains("ConnectionStrings__online-store", failure.Message);
    }

    [Fact]
    public async Task Unreachable_database_and_cache_make_the_service_unready_but_alive()
    {
        await using var service = await TestApp.StartServiceAsync(
            _ => { },
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:registrydb"] = "Host=127.0.0.1;Port=1;Username=app;Password=app;Timeout=2",
                ["ConnectionStrings:online-store"] = "127.0.0.1:1,connectTimeout=500",
            },
            builder =>
            {
                builder.AddNpgsqlDataSource("registrydb");
                builder.AddRedisClient("online-store");
            });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await service.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/alive")).StatusCode);
    }

    private static HostApplicationBuilder Builder() => Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
}
