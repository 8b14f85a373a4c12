using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Online;
using Reference.FeatureStore.Serialization;
using Reference.FeatureStore.Stats;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Apis;

public static class FeatureViewsApi
{
    public static RouteGroupBuilder MapFeatureViewsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/feature-views").WithTags("Feature views");
        group.MapPut("/{name}", PutFeatureView).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer)
            .Produces<FeatureViewDefinition>(StatusCodes.Status200OK).Produces<FeatureViewDefinition>(StatusCodes.Status201Created);
        group.MapGet("/{name}", GetFeatureView).RequireAuthorization(Policies.Viewer);
        group.MapGet("/", ListFeatureViews).RequireAuthorization(Policies.Viewer);
        group.MapGet("/{name}/versions", ListVersions).RequireAuthorization(Policies.Viewer);
        group.MapGet("/{name}/stats", GetStats).RequireAuthorization(Policies.Viewer);
        group.MapDelete("/{name}", DeleteFeatureView).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    public static async Task<IResult> PutFeatureView(string name, FeatureViewRequest request, HttpRequest http, FeatureViewApplier applier,
        FeatureRegistry registry, MutationRunner mutations, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!DefinitionNames.IsValid(name))
        {
            errors.Add("name", $"A feature view name is {DefinitionNames.Rule}.");
        }
        var spec = FeatureViewValidation.Validate(request, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var body = JsonSerializer.Serialize(request, FeatureStoreJsonContext.Default.FeatureViewRequest);
        var actor = http.HttpContext.User.Actor();
        var result = await mutations.RunAsync(http, $"PUT /api/feature-views/{name}", () => body, async (connection, transaction, ct) =>
        {
            var outcome = await applier.ApplyAsync(connection, transaction, name, spec!, actor, ct);
            return outcome.Kind switch
            {
                ApplyKind.Conflict => MutationResult.Refuse(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Incompatible schema change", detail: outcome.Problem)),
                ApplyKind.Unusable => MutationResult.Refuse(TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Feature view cannot be applied", detail: outcome.Problem)),
                ApplyKind.Created => MutationResult.Commit(StatusCodes.Status201Created, Serialize(outcome.View!), $"/api/feature-views/{name}"),
                _ => MutationResult.Commit(StatusCodes.Status200OK, Serialize(outcome.View!)),
            };
        }, cancellationToken);
        registry.InvalidateView(name);
        return result;
    }

    public static async Task<Results<Ok<FeatureViewDefinition>, NotFound>> GetFeatureView(string name, DefinitionStore store, CancellationToken cancellationToken) =>
        await store.GetViewAsync(name, cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    public static async Task<Results<Ok<Page<FeatureViewDefinition>>, ValidationProblem>> ListFeatureViews(int? pageSize, string? pageToken, DefinitionStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Paging.TryParse<NameCursor>(pageSize, pageToken, errors, out var size, out var cursor))
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await store.ListViewsAsync(size, cursor?.After, cancellationToken));
    }

    public static async Task<Results<Ok<Page<FeatureViewVersion>>, NotFound>> ListVersions(string name, DefinitionStore store, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(name, cancellationToken);
        return versions.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(new Page<FeatureViewVersion>(versions, null));
    }

    public static async Task<Results<Ok<FeatureViewStats>, NotFound>> GetStats(string name, DefinitionStore store, FeatureViewStatistics statistics, CancellationToken cancellationToken)
    {
        var definition = await store.GetViewAsync(name, cancellationToken);
        if (definition is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await statistics.ComputeAsync(new FeatureView(definition), cancellationToken));
    }

    // Refused (409) while a feature service selects from the view or a materialization of it is queued or running.
    // Removes the definition, its version history (kept in the audit record), its offline table and its online keys.
    public static async Task<IResult> DeleteFeatureView(string name, HttpRequest http, DefinitionStore store, FeatureRegistry registry, OnlineStoreCleaner online,
        AuditLog audit, MutationRunner mutations, CancellationToken cancellationToken)
    {
        var removed = false;
        var result = await new DefinitionDelete("feature-view", "feature-views", "feature view",
            async (connection, transaction, ct) =>
            {
                if (await store.GetViewAsync(connection, transaction, name, ct) is not { } view)
                {
                    return null;
                }
                var versions = JsonSerializer.Serialize(new Page<FeatureViewVersion>(await store.ListVersionsAsync(name, ct), null), FeatureStoreJsonContext.Default.PageFeatureViewVersion);
                return $$"""{"view":{{Serialize(view)}},"versions":{{versions}}}""";
            },
            async (connection, transaction, ct) =>
                [.. DefinitionDelete.Qualified("feature-service", await DefinitionDeletion.ServicesUsingViewAsync(connection, transaction, name, ct)),
                 .. DefinitionDelete.Qualified("materialization", await DefinitionDeletion.JobsUsingViewAsync(connection, transaction, name, ct))],
            async (connection, transaction, ct) =>
            {
                await DefinitionDeletion.DeleteViewAsync(connection, transaction, name, ct);
                removed = true;
            })
            .RunAsync(name, http, audit, mutations, cancellationToken);
        registry.InvalidateView(name);
        // Only after this request's own deletion committed: a replay must not touch a view re-created since.
        if (removed && result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status204NoContent })
        {
            await online.RemoveViewAsync(name);
        }
        return result;
    }

    private static string Serialize(FeatureViewDefinition view) => JsonSerializer.Serialize(view, FeatureStoreJsonContext.Default.FeatureViewDefinition);
}
