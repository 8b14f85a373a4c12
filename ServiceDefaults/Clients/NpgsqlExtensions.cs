using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Reference.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

// Named like Aspire.Npgsql so that moving to it is a package swap.
public static class NpgsqlExtensions
{
    // Registers NpgsqlDataSource (and DbDataSource) for ConnectionStrings:{connectionName}, with a SELECT 1 health check.
    // Npgsql traces and meters under "Npgsql", which ServiceDefaults listens to.
    public static void AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        var connectionString = ConnectionStrings.GetRequired(builder.Configuration, connectionName);
        builder.Services.AddSingleton(services =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            dataSource.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
            configureDataSourceBuilder?.Invoke(dataSource);
            return dataSource.Build();
        });
        builder.Services.AddSingleton<DbDataSource>(services => services.GetRequiredService<NpgsqlDataSource>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            services => new NpgsqlHealthCheck(services.GetRequiredService<NpgsqlDataSource>()),
            failureStatus: HealthStatus.Unhealthy,
            tags: ["ready", "postgres"]));
    }
}
