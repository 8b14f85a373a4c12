using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Governance;
using Reference.FeatureStore.Materialization;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Serialization;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Apis;

public static class MaterializationApi
{
    public static RouteGroupBuilder MapMaterializationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Materialization");
        group.MapPost("/materialize", (MaterializationRequest request, HttpContext http, MaterializationDependencies deps, CancellationToken ct) =>
                Queue(request, incremental: false, http, deps, ct))
            .RequireAnyRole(Roles.MlEngineer, Roles.DataScientist, Roles.Service).Produces<MaterializationStatus>(StatusCodes.Status202Accepted);
        group.MapPost("/materialize-incremental", (MaterializationRequest request, HttpContext http, MaterializationDependencies deps, CancellationToken ct) =>
                Queue(request, incremental: true, http, deps, ct))
            .RequireAnyRole(Roles.MlEngineer, Roles.DataScientist, Roles.Service).Produces<MaterializationStatus>(StatusCodes.Status202Accepted);
        group.MapGet("/materializations/{id:guid}", GetMaterialization).RequireAuthorization(Policies.Viewer);
        group.MapGet("/materializations", ListMaterializations).RequireAuthorization(Policies.Viewer);
        return group;
    }

    // Validates, refuses views whose residency excludes this jurisdiction, then queues the job (202 + Location).
    public static async Task<IResult> Queue(MaterializationRequest request, bool incremental, HttpContext http, MaterializationDependencies deps, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.End is null)
        {
            errors.Add("end", "Give end, an RFC 3339 time: rows with event_timestamp up to it are materialized.");
        }
        if (!incremental && request.Start is null)
        {
            errors.Add("start", "Give start (or use /api/materialize-incremental, which starts at each view's watermark).");
        }
        if (incremental && request.Start is not null)
        {
            errors.Add("start", "Incremental materialization starts at each view's watermark; leave start out.");
        }
        if (request.Start is { } s && request.End is { } e && s > e)
        {
            errors.Add("start", "start must not be after end.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var views = new List<FeatureView>();
        if (request.Views is { Length: > 0 } names)
        {
            foreach (var name in names.Distinct())
            {
                var definition = DefinitionNames.IsValid(name) ? await deps.Store.GetViewAsync(name, cancellationToken) : null;
                if (definition is null)
                {
                    errors.Add("views", $"Feature view '{name}' does not exist.");
                    continue;
                }
                views.Add(new FeatureView(definition));
            }
            if (!errors.IsEmpty)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown feature views",
                    detail: "Apply the feature views before materializing them.", extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });
            }
            if (views.FirstOrDefault(v => !v.Definition.Online) is { } offlineOnly)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "View is offline only",
                    detail: $"Feature view '{offlineOnly.Name}' has online: false; apply it with online: true to materialize it.");
            }
        }
        else
        {
            views.AddRange((await deps.Store.GetAllViewsAsync(cancellationToken)).Where(v => v.Online).Select(v => new FeatureView(v)));
        }
        if (GovernanceRules.CheckResidency(deps.Location.Value, views) is { } refused)
        {
            return refused;
        }

        var body = JsonSerializer.Serialize(request, FeatureStoreJsonContext.Default.MaterializationRequest);
        var actor = http.User.Actor();
        var path = incremental ? "/api/materialize-incremental" : "/api/materialize";
        var result = await deps.Mutations.RunAsync(http.Request, "POST " + path, () => body, async (connection, transaction, ct) =>
        {
            var job = await deps.Jobs.InsertAsync(connection, transaction, views.Select(v => v.Name).ToArray(), incremental, request.Start, request.End!.Value, actor, ct);
            var json = JsonSerializer.Serialize(job, FeatureStoreJsonContext.Default.MaterializationStatus);
            await deps.Audit.AppendAsync(connection, transaction, new AuditEntry(actor, "materialization.requested", $"materialization:{job.Id}", null, json), ct);
            return MutationResult.Commit(StatusCodes.Status202Accepted, json, $"/api/materializations/{job.Id}");
        }, cancellationToken);
        deps.Queue.Notify();
        return result;
    }

    public static async Task<Results<Ok<MaterializationStatus>, NotFound>> GetMaterialization(Guid id, MaterializationStore jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job) : TypedResults.NotFound();

    public static async Task<Results<Ok<Page<MaterializationStatus>>, ValidationProblem>> ListMaterializations(string? state, int? pageSize, string? pageToken,
        MaterializationStore jobs, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (state is not null && !MaterializationStates.All.Contains(state))
        {
            errors.Add("state", $"state is one of {string.Join(", ", MaterializationStates.All)}.");
        }
        if (!Paging.TryParse<MaterializationCursor>(pageSize, pageToken, errors, out var size, out var cursor) || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await jobs.ListAsync(state, size, cursor?.Before, cancellationToken));
    }
}

// The services the queueing endpoints need, bundled so that their signatures stay readable.
public sealed record MaterializationDependencies(
    DefinitionStore Store, MaterializationStore Jobs, MaterializationQueue Queue, MutationRunner Mutations, AuditLog Audit, IOptions<PlatformLocation> Location);
