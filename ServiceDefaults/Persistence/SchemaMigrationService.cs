using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults.Persistence;

/// <summary>Whether this replica's migrations have been applied; readiness waits for it.</summary>
public sealed class MigrationState(string connectionName)
{
    public string ConnectionName { get; } = connectionName;

    public bool Applied { get; internal set; }
}

/// <summary>
/// Runs migrations in StartingAsync, which the host completes for every service before any StartAsync,
/// so the server does not listen before the schema is there; then prunes expired idempotency keys hourly.
/// </summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator, MigrationState state, Assembly assembly, IdempotencyStore idempotency, IConfiguration configuration)
    : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task? pruning;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(assembly, cancellationToken).ConfigureAwait(false);
        state.Applied = true;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var retention = configuration.GetValue("Idempotency:Retention", TimeSpan.FromHours(24));
        pruning = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
            do
            {
                try
                {
                    await idempotency.PruneAsync(retention, stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Pruning is housekeeping: try again next hour.
                }
            }
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false));
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => stopping.CancelAsync();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (pruning is not null)
        {
            try
            {
                await pruning.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => stopping.Dispose();
}

internal sealed class MigrationHealthCheck(MigrationState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Applied
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Migrations for '{state.ConnectionName}' have not been applied yet."));
}
