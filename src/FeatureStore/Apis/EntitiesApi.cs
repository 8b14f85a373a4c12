using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Serialization;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Apis;

public static class EntitiesApi
{
    public static RouteGroupBuilder MapEntitiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/entities").WithTags("Entities");
        group.MapPut("/{name}", PutEntity).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer)
            .Produces<EntityDefinition>(StatusCodes.Status200OK).Produces<EntityDefinition>(StatusCodes.Status201Created);
        group.MapGet("/{name}", GetEntity).RequireAuthorization(Policies.Viewer);
        group.MapGet("/", ListEntities).RequireAuthorization(Policies.Viewer);
        group.MapDelete("/{name}", DeleteEntity).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    public static async Task<IResult> PutEntity(string name, EntityRequest request, HttpRequest http, DefinitionStore store, AuditLog audit, MutationRunner mutations, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!DefinitionNames.IsValid(name))
        {
            errors.Add("name", $"An entity name is {DefinitionNames.Rule}.");
        }
        if (request.JoinKeys is not { Length: > 0 } joinKeys || joinKeys.Any(k => !DefinitionNames.IsValid(k)) || joinKeys.Distinct().Count() != joinKeys.Length)
        {
            errors.Add("joinKeys", $"List one or more distinct join key names ({DefinitionNames.Rule}).");
        }
        else if (request.JoinKeys.Any(k => k is Offline.RowLayout.EventTimestamp or Offline.RowLayout.CreatedTimestamp))
        {
            errors.Add("joinKeys", "event_timestamp and created_timestamp are reserved.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var body = JsonSerializer.Serialize(request, FeatureStoreJsonContext.Default.EntityRequest);
        var actor = http.HttpContext.User.Actor();
        return await mutations.RunAsync(http, $"PUT /api/entities/{name}", () => body, async (connection, transaction, ct) =>
        {
            await DefinitionStore.LockAsync(connection, transaction, "entity", name, ct);
            var current = await store.GetEntityAsync(connection, transaction, name, ct);
            if (current is not null && !current.JoinKeys.SequenceEqual(request.JoinKeys!)
                && await store.ViewsUsingEntityAsync(connection, transaction, name, ct) is { Count: > 0 } views)
            {
                return MutationResult.Refuse(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Entity in use",
                    detail: $"Entity '{name}' keys feature views {string.Join(", ", views)}; its join keys cannot change. Define a new entity for the new keys."));
            }
            if (current is not null && current.JoinKeys.SequenceEqual(request.JoinKeys!) && current.Description == request.Description)
            {
                return MutationResult.Commit(StatusCodes.Status200OK, JsonSerializer.Serialize(current, FeatureStoreJsonContext.Default.EntityDefinition));
            }
            var saved = await store.UpsertEntityAsync(connection, transaction, name, request.JoinKeys!, request.Description, ct);
            var after = JsonSerializer.Serialize(saved, FeatureStoreJsonContext.Default.EntityDefinition);
            await audit.AppendAsync(connection, transaction, new AuditEntry(actor, current is null ? "entity.created" : "entity.updated", $"entity:{name}",
                current is null ? null : JsonSerializer.Serialize(current, FeatureStoreJsonContext.Default.EntityDefinition), after), ct);
            return current is null
                ? MutationResult.Commit(StatusCodes.Status201Created, after, $"/api/entities/{name}")
                : MutationResult.Commit(StatusCodes.Status200OK, after);
        }, cancellationToken);
    }

    public static async Task<Results<Ok<EntityDefinition>, NotFound>> GetEntity(string name, DefinitionStore store, CancellationToken cancellationToken) =>
        await store.GetEntityAsync(name, cancellationToken) is { } entity ? TypedResults.Ok(entity) : TypedResults.NotFound();

    public static async Task<Results<Ok<Page<EntityDefinition>>, ValidationProblem>> ListEntities(int? pageSize, string? pageToken, DefinitionStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Paging.TryParse<NameCursor>(pageSize, pageToken, errors, out var size, out var cursor))
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await store.ListEntitiesAsync(size, cursor?.After, cancellationToken));
    }

    // Refused (409) while a feature view is keyed by the entity.
    public static Task<IResult> DeleteEntity(string name, HttpRequest http, DefinitionStore store, AuditLog audit, MutationRunner mutations, CancellationToken cancellationToken) =>
        new DefinitionDelete("entity", "entities", "entity",
            async (connection, transaction, ct) => await store.GetEntityAsync(connection, transaction, name, ct) is { } entity
                ? JsonSerializer.Serialize(entity, FeatureStoreJsonContext.Default.EntityDefinition) : null,
            async (connection, transaction, ct) => DefinitionDelete.Qualified("feature-view", await store.ViewsUsingEntityAsync(connection, transaction, name, ct)),
            (connection, transaction, ct) => DefinitionDeletion.DeleteEntityAsync(connection, transaction, name, ct))
            .RunAsync(name, http, audit, mutations, cancellationToken);
}
