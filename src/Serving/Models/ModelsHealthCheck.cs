using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Reference.Serving.Models;

// /health is the process's health, not readiness to score: with no champion yet (locally, until the platform CLI has
// trained one) or with the registry unreachable (still serving the last good models) it is Degraded, never
// Unhealthy, so that the AppHost and orchestrators keep the replica running. Whether it can score is
// /v2/health/ready and /v2/models/{name}/ready (false until a champion is loaded), as KServe does.
public sealed class ModelsHealthCheck(ModelCatalog catalog, RegistryStatus registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (catalog.All.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded("No model is configured: set Serving:Models or Serving:UseCase, or add a serving section to a use case."));
        }
        foreach (var model in catalog.All)
        {
            if (model.Champion is null)
            {
                return Task.FromResult(HealthCheckResult.Degraded($"No '{model.Options.Alias}' version of {model.Name} is loaded yet."));
            }
        }
        if (!registry.IsReachable)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"The model registry has not answered successfully since {registry.ProblemSince:O} ({registry.Problem}); serving the last good models and retrying."));
        }
        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
