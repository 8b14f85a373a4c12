using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Offline;
using Reference.FeatureStore.Serialization;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Apis;

public static class EntitySetsApi
{
    private const long MaxBodyBytes = 8L * 1024 * 1024 * 1024;

    public static RouteGroupBuilder MapEntitySetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/entity-sets").WithTags("Offline store");
        group.MapPut("/{name}", PutEntitySet).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer, Roles.Service)
            .Accepts<object>("application/json").Produces<EntitySet>();
        group.MapGet("/{name}", GetEntitySet).RequireAuthorization(Policies.Viewer);
        group.MapGet("/", ListEntitySets).RequireAuthorization(Policies.Viewer);
        group.MapDelete("/{name}", DeleteEntitySet).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer, Roles.Service).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    // {entityRows: [...]} stored as a table, for repeated historical retrievals by name (replaces an existing set).
    public static async Task<IResult> PutEntitySet(string name, HttpContext http, AuditLog audit, MutationRunner mutations, CancellationToken cancellationToken)
    {
        if (!DefinitionNames.IsValid(name))
        {
            return new ValidationErrors().Add("name", $"An entity set name is {DefinitionNames.Rule}.").ToProblem();
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        var actor = http.User.Actor();
        string? bodyHash = null;
        return await mutations.RunAsync(http.Request, $"PUT /api/entity-sets/{name}", () => bodyHash!, async (connection, transaction, ct) =>
        {
            HistoricalRequestParser request;
            try
            {
                (request, bodyHash) = await EntityRowUpload.CopyAsync(connection, transaction, http.Request.BodyReader, ct);
            }
            catch (RowRejectedException rejected)
            {
                return MutationResult.Refuse(new ValidationErrors().Add($"entityRows[{rejected.Row}].{rejected.Field}", rejected.Message).ToProblem());
            }
            catch (JsonException malformed)
            {
                return MutationResult.Refuse(OnlineFeaturesApi.Malformed(malformed));
            }
            if (!request.HasEntityRows)
            {
                return MutationResult.Refuse(new ValidationErrors().Add("entityRows", "Give entityRows: objects with the join keys and event_timestamp.").ToProblem());
            }
            await DefinitionStore.LockAsync(connection, transaction, "entity-set", name, ct);
            var set = await EntitySetStore.SaveAsync(connection, transaction, name, [.. request.Columns.Names], request.Rows, actor, ct);
            var json = JsonSerializer.Serialize(set, FeatureStoreJsonContext.Default.EntitySet);
            await audit.AppendAsync(connection, transaction, new AuditEntry(actor, "entity-set.stored", $"entity-set:{name}", null,
                $$"""{"rows":{{set.Rows}},"sha256":"{{bodyHash}}"}"""), ct);
            return MutationResult.Commit(StatusCodes.Status200OK, json);
        }, cancellationToken, bodyIsFingerprint: false);
    }

    public static async Task<Results<Ok<EntitySet>, NotFound>> GetEntitySet(string name, EntitySetStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(name, cancellationToken) is { } set ? TypedResults.Ok(set) : TypedResults.NotFound();

    public static async Task<Results<Ok<Page<EntitySet>>, ValidationProblem>> ListEntitySets(int? pageSize, string? pageToken, EntitySetStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Paging.TryParse<NameCursor>(pageSize, pageToken, errors, out var size, out var cursor))
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await store.ListAsync(size, cursor?.After, cancellationToken));
    }

    // Nothing stored depends on an entity set (retrievals read it when they run); its rows table goes with it.
    public static Task<IResult> DeleteEntitySet(string name, HttpRequest http, EntitySetStore store, AuditLog audit, MutationRunner mutations, CancellationToken cancellationToken) =>
        new DefinitionDelete("entity-set", "entity-sets", "entity set",
            async (connection, transaction, ct) => await store.GetAsync(name, ct) is { } set ? JsonSerializer.Serialize(set, FeatureStoreJsonContext.Default.EntitySet) : null,
            DefinitionDelete.Nothing,
            (connection, transaction, ct) => DefinitionDeletion.DeleteEntitySetAsync(connection, transaction, name, ct))
            .RunAsync(name, http, audit, mutations, cancellationToken);
}
