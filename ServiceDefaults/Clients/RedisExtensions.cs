using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reference.ServiceDefaults;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

// Named like Aspire.StackExchange.Redis so that moving to it is a package swap.
public static class RedisExtensions
{
    // Registers IConnectionMultiplexer for ConnectionStrings:{connectionName} ("host:port,password=..."),
    // with a PING health check. The connection opens on first use and, with AbortOnConnectFail=false,
    // a cache that is down does not stop the service: it reconnects in the background.
    public static void AddRedisClient(this IHostApplicationBuilder builder, string connectionName,
        Action<ConfigurationOptions>? configureOptions = null)
    {
        var connectionString = ConnectionStrings.GetRequired(builder.Configuration, connectionName);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            configureOptions?.Invoke(options);
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            failureStatus: HealthStatus.Unhealthy,
            tags: ["ready", "redis"]));
    }
}
