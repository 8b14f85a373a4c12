using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Apis;

public static class ModelsApi
{
    private const int MaxDescriptionLength = 5000;
    private const int MaxUseCaseLength = 64;

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapPost("/", CreateModelAsync).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer);
        api.MapGet("/", SearchModelsAsync).RequireAuthorization(Policies.Viewer).LimitAsExpensive();
        api.MapGet("/{name}", GetModelAsync).RequireAuthorization(Policies.Viewer).Produces<RegisteredModel>();
        api.MapPatch("/{name}", UpdateModelAsync).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer);
        api.MapDelete("/{name}", DeleteModelAsync).RequireAnyRole(Roles.MlEngineer);
        return app;
    }

    internal static string Entity(string model) => $"model:{model}";

    internal static async Task<IResult> CreateModelAsync(CreateModelRequest request, HttpContext http, RegistryDatabase database, ModelStore models, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ModelName.Problem(request.Name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        TagRules.ValidateText(request.Description, MaxDescriptionLength, "description", errors);
        ValidateUseCase(request.UseCase, errors);
        TagRules.Validate(request.Tags?.Select(t => KeyValuePair.Create(t.Key, (string?)t.Value)), errors);
        if (RegistryDatabase.ValidateIdempotencyKey(http) is { } badKey)
        {
            return badKey;
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync("POST /api/models", tx.ToJson(request)!, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var created = await models.CreateAsync(tx, request, cancellationToken);
        if (created is null)
        {
            return Problems.Conflict($"A model named '{request.Name}' already exists. Pick another name, or add a version to it.");
        }
        await tx.AuditAsync("model.create", Entity(created.Model.Name), null, created.Model, cancellationToken);
        return await tx.CommitAsync(StatusCodes.Status201Created, created.Model, $"/api/models/{created.Model.Name}", cancellationToken);
    }

    internal static async Task<Results<Ok<Page<RegisteredModel>>, ValidationProblem>> SearchModelsAsync(
        [FromQuery] string? q, [FromQuery] string[]? tag, [FromQuery] string? useCase, [FromQuery] int? pageSize, [FromQuery] string? pageToken,
        ModelStore models, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Paging.TryParse<ModelCursor>(pageSize, pageToken, errors, out var size, out var cursor);
        var tags = ModelSearch.ParseTagFilters(tag ?? [], errors);
        if (q is { Length: > ModelName.MaxLength })
        {
            errors.Add("q", $"q is a name prefix of at most {ModelName.MaxLength} characters.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var rows = await models.SearchAsync(new ModelSearch(q, tags!, useCase, cursor?.After, size + 1), cancellationToken);
        var items = rows.Take(size).Select(r => r.Model).ToList();
        var next = rows.Count > size ? PageToken.Encode(new ModelCursor(items[^1].Name)) : null;
        return TypedResults.Ok(new Page<RegisteredModel>(items, next));
    }

    // Answered from the replica's ModelCache when nothing changed since it was read (see ModelCache for why).
    internal static async Task<Results<JsonBytesResult, ProblemHttpResult, ValidationProblem>> GetModelAsync(
        string name, ModelStore models, ModelCache cache, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (cache.TryGet(name, out var cached))
        {
            return new JsonBytesResult(cached);
        }
        if (ModelName.Problem(name) is { } problem)
        {
            return new ValidationErrors().Add("name", problem).ToProblem();
        }
        var generation = cache.Generation;
        var row = await models.GetAsync(name, cancellationToken);
        if (row is null)
        {
            return UnknownModel(name);
        }
        // The serializer options that TypedResults.Ok used, so the cached bytes are the answer the endpoint always gave.
        var body = JsonSerializer.SerializeToUtf8Bytes(row.Model, json.Value.SerializerOptions.GetTypeInfo(typeof(RegisteredModel)));
        cache.Store(name, body, generation);
        return new JsonBytesResult(body);
    }

    internal static async Task<IResult> UpdateModelAsync(string name, UpdateModelRequest request, HttpContext http, RegistryDatabase database, ModelStore models, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ModelName.Problem(name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        TagRules.ValidateText(request.Description, MaxDescriptionLength, "description", errors);
        ValidateUseCase(request.UseCase, errors);
        TagRules.Validate(request.Tags, errors, allowNullValues: true);
        if ((RegistryDatabase.ValidateIdempotencyKey(http) ?? (errors.IsEmpty ? null : errors.ToProblem())) is { } invalid)
        {
            return invalid;
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync($"PATCH /api/models/{name}", tx.ToJson(request)!, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var row = await models.LockAsync(tx, name, cancellationToken);
        if (row is null)
        {
            return UnknownModel(name);
        }
        var tags = MergeTags(row.Model.Tags, request.Tags);
        if (tags.Count > TagRules.MaxTags)
        {
            return new ValidationErrors().Add("tags", $"A model has at most {TagRules.MaxTags} tags.").ToProblem();
        }
        var updated = await models.UpdateAsync(tx, row.Id, request.Description ?? row.Model.Description, tags, request.UseCase ?? row.Model.UseCase, cancellationToken);
        await tx.AuditAsync("model.update", Entity(name), row.Model, updated.Model, cancellationToken);
        return await tx.CommitAsync(StatusCodes.Status200OK, updated.Model, null, cancellationToken);
    }

    internal static async Task<IResult> DeleteModelAsync(string name, HttpContext http, RegistryDatabase database, ModelStore models, CancellationToken cancellationToken)
    {
        if (ModelName.Problem(name) is { } nameProblem)
        {
            return new ValidationErrors().Add("name", nameProblem).ToProblem();
        }
        if (RegistryDatabase.ValidateIdempotencyKey(http) is { } badKey)
        {
            return badKey;
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync($"DELETE /api/models/{name}", "", cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var row = await models.LockAsync(tx, name, cancellationToken);
        if (row is null)
        {
            return UnknownModel(name);
        }
        var held = (row.Model.EnvironmentAliases ?? new Dictionary<string, IReadOnlyDictionary<string, int>>())
            .SelectMany(e => e.Value.Keys.Select(alias => $"{alias} ({e.Key})")).Order(StringComparer.Ordinal).ToList();
        if (held.Count > 0)
        {
            return Problems.Conflict(
                $"Model '{name}' still has aliases ({string.Join(", ", held)}); serving may depend on them. Delete the aliases first.");
        }
        await models.DeleteAsync(tx, row.Id, cancellationToken);
        await tx.AuditAsync("model.delete", Entity(name), row.Model, null, cancellationToken);
        return await tx.CommitNoContentAsync(cancellationToken);
    }

    internal static ProblemHttpResult UnknownModel(string name) =>
        Problems.NotFound($"There is no model named '{name}'. GET /api/models lists them.");

    internal static Dictionary<string, string> MergeTags(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string?>? changes)
    {
        var tags = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                tags.Remove(key);
            }
            else
            {
                tags[key] = value;
            }
        }
        return tags;
    }

    private static void ValidateUseCase(string? useCase, ValidationErrors errors)
    {
        if (useCase is not null && (useCase.Length is 0 or > MaxUseCaseLength || ModelName.Problem(useCase) is not null))
        {
            errors.Add("useCase", $"useCase is the name of a use case (letters, digits, '-', '_', '.', at most {MaxUseCaseLength} characters).");
        }
    }

    private sealed record ModelCursor(string After);
}
