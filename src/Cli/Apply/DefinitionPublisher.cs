using System.Globalization;
using Reference.Cli.Connection;
using Reference.Cli.Specs;

namespace Reference.Cli.Apply;

// `platform apply`: the spec's entities, feature views and feature services to the feature store (PUT, so applying
// twice changes nothing), and its model to the registry with a promotion policy for `champion` built from the
// training gates, so that promotions are checked against the use case's own bar.
public sealed class DefinitionPublisher(CliContext context)
{
    private const string FeatureStore = "feature-store";
    private const string Registry = "model-registry";

    public async Task ApplyAsync(UseCaseSpec spec, CancellationToken cancellationToken)
    {
        var platform = context.Platform;
        foreach (var entity in spec.Entities)
        {
            await platform.SendAsync(HttpMethod.Put, FeatureStore, $"/api/entities/{entity.Name}", new { joinKeys = entity.JoinKeys, description = entity.Description }, Roles.MlEngineer, cancellationToken);
        }

        foreach (var view in spec.FeatureViews)
        {
            await platform.SendAsync(HttpMethod.Put, FeatureStore, $"/api/feature-views/{view.Name}", new
            {
                entities = view.Entities,
                ttl = view.Ttl,
                classification = view.Classification,
                residency = view.Residency ?? spec.Residency,
                owner = spec.Owner,
                online = view.Online,
                features = view.Features.Select(f => new { name = f.Name, type = f.Type }),
            }, Roles.MlEngineer, cancellationToken);
        }

        foreach (var service in spec.FeatureServices)
        {
            await platform.SendAsync(HttpMethod.Put, FeatureStore, $"/api/feature-services/{service.Name}", new { features = service.Features }, Roles.MlEngineer, cancellationToken);
        }

        context.Terminal.Done($"Applied {Count(spec.Entities.Count, "entity", "entities")}, {Count(spec.FeatureViews.Count, "feature view", "feature views")} and " +
            $"{Count(spec.FeatureServices.Count, "feature service", "feature services")} of '{spec.Name}' to the feature store.");

        if (spec.Training?.Model is { } model)
        {
            await EnsureModelAsync(spec, model, cancellationToken);
        }
    }

    private async Task EnsureModelAsync(UseCaseSpec spec, string model, CancellationToken cancellationToken)
    {
        var platform = context.Platform;
        // 409 means the model is registered already, which is all apply needs.
        var body = System.Net.Http.Json.JsonContent.Create(new { name = model, description = $"The {spec.Name} use case's model (owner {spec.Owner ?? "unknown"}).", useCase = spec.Name },
            options: PlatformClient.Json);
        using var created = await platform.SendRawAsync(HttpMethod.Post, Registry, "/api/models", body, Roles.MlEngineer, cancellationToken, allowConflict: true);

        if (spec.Training?.Gates is { Metric: { } metric } gates)
        {
            var policy = new
            {
                protectedAliases = new[]
                {
                    new
                    {
                        alias = spec.Serving?.Alias ?? "champion",
                        requiredApprovals = 1,
                        // A gate with only a maximum (rmse, mae) is an error metric: lower is better, so a regression is a rise.
                        metricGates = new[] { new { metric, min = gates.Min, max = gates.Max, maxRegression = gates.MaxRegression, higherIsBetter = gates.Max is null || gates.Min is not null } },
                    },
                },
            };
            await platform.SendAsync(HttpMethod.Put, Registry, $"/api/models/{model}/promotion-policy", policy, Roles.Admin, cancellationToken);
            context.Terminal.Done(string.Create(CultureInfo.InvariantCulture,
                $"Model '{model}' is in the registry; promotion to {spec.Serving?.Alias ?? "champion"} needs {Bar(metric, gates.Min, gates.Max)} and one approval."));
        }
        else
        {
            context.Terminal.Done($"Model '{model}' is in the registry.");
        }
    }

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    private static string Bar(string metric, double? min, double? max) => (min, max) switch
    {
        ({ } low, { } high) => string.Create(CultureInfo.InvariantCulture, $"{low} ≤ {metric} ≤ {high}"),
        (null, { } high) => string.Create(CultureInfo.InvariantCulture, $"{metric} ≤ {high}"),
        ({ } low, null) => string.Create(CultureInfo.InvariantCulture, $"{metric} ≥ {low}"),
        _ => $"{metric} no worse than the current holder",
    };
}
