using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Serialization;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Apis;

public static class FeatureServicesApi
{
    public static RouteGroupBuilder MapFeatureServicesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/feature-services").WithTags("Feature services");
        group.MapPut("/{name}", PutFeatureService).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer)
            .Produces<FeatureServiceDefinition>(StatusCodes.Status200OK).Produces<FeatureServiceDefinition>(StatusCodes.Status201Created);
        group.MapGet("/{name}", GetFeatureService).RequireAuthorization(Policies.Viewer);
        group.MapGet("/", ListFeatureServices).RequireAuthorization(Policies.Viewer);
        group.MapDelete("/{name}", DeleteFeatureService).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    public static async Task<IResult> PutFeatureService(string name, FeatureServiceRequest request, HttpRequest http, DefinitionStore store,
        FeatureReferences references, FeatureRegistry registry, AuditLog audit, MutationRunner mutations, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!DefinitionNames.IsValid(name))
        {
            errors.Add("name", $"A feature service name is {DefinitionNames.Rule}.");
        }
        if (request.Features is not { Length: > 0 })
        {
            errors.Add("features", "List the features as \"view:feature\" or \"view:*\".");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        // Every reference must resolve now, so that a typo fails at apply time rather than at serving time.
        if (await references.ResolveAsync(request.Features, null, errors, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown features",
                detail: "Some feature references do not resolve; apply the feature views first.", extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });
        }

        var body = JsonSerializer.Serialize(request, FeatureStoreJsonContext.Default.FeatureServiceRequest);
        var actor = http.HttpContext.User.Actor();
        var result = await mutations.RunAsync(http, $"PUT /api/feature-services/{name}", () => body, async (connection, transaction, ct) =>
        {
            await DefinitionStore.LockAsync(connection, transaction, "feature-service", name, ct);
            // The views stay locked to commit, so a concurrent DELETE of one waits and then sees this service using it.
            foreach (var view in request.Features!.Select(f => f.Split(':')[0]).Distinct().Order(StringComparer.Ordinal))
            {
                await DefinitionStore.LockAsync(connection, transaction, "feature-view", view, ct);
                if (await store.GetViewAsync(connection, transaction, view, ct) is null)
                {
                    return MutationResult.Refuse(Problems.Unprocessable($"Feature view '{view}' was deleted meanwhile; apply it again first.", "Unknown features"));
                }
            }
            var current = await store.GetServiceAsync(connection, transaction, name, ct);
            if (current is not null && current.Features.SequenceEqual(request.Features!))
            {
                return MutationResult.Commit(StatusCodes.Status200OK, JsonSerializer.Serialize(current, FeatureStoreJsonContext.Default.FeatureServiceDefinition));
            }
            var saved = await store.UpsertServiceAsync(connection, transaction, name, request.Features!, ct);
            var after = JsonSerializer.Serialize(saved, FeatureStoreJsonContext.Default.FeatureServiceDefinition);
            await audit.AppendAsync(connection, transaction, new AuditEntry(actor, current is null ? "feature-service.created" : "feature-service.updated",
                $"feature-service:{name}", current is null ? null : JsonSerializer.Serialize(current, FeatureStoreJsonContext.Default.FeatureServiceDefinition), after), ct);
            return current is null
                ? MutationResult.Commit(StatusCodes.Status201Created, after, $"/api/feature-services/{name}")
                : MutationResult.Commit(StatusCodes.Status200OK, after);
        }, cancellationToken);
        registry.InvalidateService(name);
        return result;
    }

    public static async Task<Results<Ok<FeatureServiceDefinition>, NotFound>> GetFeatureService(string name, DefinitionStore store, CancellationToken cancellationToken) =>
        await store.GetServiceAsync(name, cancellationToken) is { } service ? TypedResults.Ok(service) : TypedResults.NotFound();

    public static async Task<Results<Ok<Page<FeatureServiceDefinition>>, ValidationProblem>> ListFeatureServices(int? pageSize, string? pageToken, DefinitionStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Paging.TryParse<NameCursor>(pageSize, pageToken, errors, out var size, out var cursor))
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await store.ListServicesAsync(size, cursor?.After, cancellationToken));
    }

    // Nothing in the feature store depends on a service; training specs that name it fail at their next run.
    public static async Task<IResult> DeleteFeatureService(string name, HttpRequest http, DefinitionStore store, FeatureRegistry registry, AuditLog audit,
        MutationRunner mutations, CancellationToken cancellationToken)
    {
        var result = await new DefinitionDelete("feature-service", "feature-services", "feature service",
            async (connection, transaction, ct) => await store.GetServiceAsync(connection, transaction, name, ct) is { } service
                ? JsonSerializer.Serialize(service, FeatureStoreJsonContext.Default.FeatureServiceDefinition) : null,
            DefinitionDelete.Nothing,
            (connection, transaction, ct) => DefinitionDeletion.DeleteServiceAsync(connection, transaction, name, ct))
            .RunAsync(name, http, audit, mutations, cancellationToken);
        registry.InvalidateService(name);
        return result;
    }
}
