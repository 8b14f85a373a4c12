using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.Observability.Dashboard;
using Reference.Observability.Drift;
using Reference.ServiceDefaults;

namespace Reference.Observability.Apis;

public static class DriftApi
{
    public static IEndpointRouteBuilder MapDriftApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/drift").WithTags("Drift").RequireAuthorization(DashboardAccess.Policy);
        api.MapGet("/", LatestAsync);
        api.MapGet("/triggers", TriggersAsync);
        api.MapGet("/{model}/versions/{version:int}", HistoryAsync);
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<DriftResult>>> LatestAsync(DriftStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.LatestAsync(cancellationToken));

    internal static async Task<Results<Ok<IReadOnlyList<DriftTrigger>>, ValidationProblem>> TriggersAsync(
        [FromQuery] string? model, [FromQuery] int? pageSize, DriftStore store, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > 1000)
        {
            return new ValidationErrors().Add("pageSize", "pageSize must be between 1 and 1000.").ToProblem();
        }
        return TypedResults.Ok(await store.TriggersAsync(TelemetryApi.Blank(model), pageSize ?? 100, cancellationToken));
    }

    internal static async Task<Results<Ok<IReadOnlyList<DriftResult>>, ValidationProblem>> HistoryAsync(
        string model, int version, [FromQuery] int? pageSize, DriftStore store, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > 1000)
        {
            return new ValidationErrors().Add("pageSize", "pageSize must be between 1 and 1000.").ToProblem();
        }
        if (version < 1)
        {
            return new ValidationErrors().Add("version", "Model versions are numbered from 1.").ToProblem();
        }
        return TypedResults.Ok(await store.HistoryAsync(model, version, pageSize ?? 100, cancellationToken));
    }
}
