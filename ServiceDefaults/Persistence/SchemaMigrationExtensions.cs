using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reference.ServiceDefaults.Persistence;

namespace Microsoft.Extensions.Hosting;

public static class SchemaMigrationExtensions
{
    /// <summary>
    /// Applies the platform's and the service's migrations to the database of <paramref name="connectionName"/>
    /// before the server starts listening, and registers the audit log and idempotency store that use them.
    /// Call after AddNpgsqlDataSource for the same name.
    /// </summary>
    public static IHostApplicationBuilder AddSchemaMigrations(this IHostApplicationBuilder builder, string connectionName, Assembly migrationsAssembly)
    {
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton(new MigrationState(connectionName));
        builder.Services.AddSingleton(services => new SchemaMigrationService(
            services.GetRequiredService<SchemaMigrator>(), services.GetRequiredService<MigrationState>(), migrationsAssembly,
            services.GetRequiredService<IdempotencyStore>(), builder.Configuration));
        builder.Services.AddHostedService(services => services.GetRequiredService<SchemaMigrationService>());
        builder.Services.AddHealthChecks().AddCheck<MigrationHealthCheck>($"{connectionName}-migrations", tags: ["ready"]);
        return builder;
    }
}
