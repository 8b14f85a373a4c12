using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.ModelRegistry.Aliases;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;
using Reference.ModelRegistry.Promotions;
using Reference.ModelRegistry.Versions;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Apis;

public static class AliasesApi
{
    // Services (the training runner) may point this alias at a fresh version; everything else needs ml-engineer.
    public const string ServiceAlias = "challenger";

    public static IEndpointRouteBuilder MapAliasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models/{name}/aliases").WithTags("Aliases");
        api.MapGet("/{alias}", ResolveAliasAsync).RequireAuthorization(Policies.Viewer);
        api.MapPut("/{alias}", SetAliasAsync).RequireAnyRole(Roles.MlEngineer, Roles.Service);
        api.MapDelete("/{alias}", DeleteAliasAsync).RequireAnyRole(Roles.MlEngineer, Roles.Service);
        return app;
    }

    // The serving hot path: answered from the replica's AliasCache when nothing changed since it was read.
    // ?environment= picks the environment; without it, the default one (production).
    internal static async Task<Results<JsonBytesResult, ProblemHttpResult, ValidationProblem>> ResolveAliasAsync(
        string name, string alias, [FromQuery] string? environment, VersionStore versions, AliasCache cache, CancellationToken cancellationToken)
    {
        if (cache.TryGet(name, environment, alias, out var cached))
        {
            return new JsonBytesResult(cached);
        }
        var errors = new ValidationErrors();
        var resolved = AliasEnvironment.Resolve(environment, errors);
        if (Validate(name, alias, errors) is { } invalid)
        {
            return invalid;
        }
        var generation = cache.Generation;
        var row = await versions.GetByAliasAsync(name, alias, resolved!, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"Model '{name}' has no alias '{alias}' in environment '{resolved}' (or the model does not exist).");
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(row.Version, RegistryJsonContext.Default.ModelVersion);
        cache.Store(name, environment, alias, json, generation);
        return new JsonBytesResult(json);
    }

    internal static async Task<IResult> SetAliasAsync(
        string name, string alias, [FromQuery] string? environment, SetAliasRequest request, HttpContext http,
        RegistryDatabase database, ModelStore models, VersionStore versions, AliasMover aliases, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.Version is null or < 1)
        {
            errors.Add("version", "version is the number of the version the alias points to (1 or more).");
        }
        var resolved = AliasEnvironment.Resolve(environment, errors)!;
        if ((Validate(name, alias, errors) ?? RegistryDatabase.ValidateIdempotencyKey(http) ?? ServiceMayNotMove(http, alias)) is { } invalid)
        {
            return invalid;
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync($"PUT /api/models/{name}/aliases/{alias}{Scope(resolved)}", tx.ToJson(request)!, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var model = await models.LockAsync(tx, name, cancellationToken);
        if (model is null)
        {
            return ModelsApi.UnknownModel(name);
        }
        if (ProtectedProblem(model, alias, resolved) is { } forbidden)
        {
            return forbidden;
        }
        var target = await versions.GetInTransactionAsync(tx, model.Id, request.Version!.Value, cancellationToken);
        if (target is null)
        {
            return Problems.Unprocessable($"Model '{name}' has no version {request.Version}; point the alias at an existing version.");
        }
        await aliases.LockEventOrderAsync(tx, cancellationToken);
        if (await aliases.CurrentAsync(tx, model.Id, alias, resolved, cancellationToken) != target.Version.Version)
        {
            await aliases.SetAsync(tx, model, alias, resolved, target.Version.Version, cancellationToken);
            target = await versions.GetInTransactionAsync(tx, model.Id, target.Version.Version, cancellationToken);
        }
        return await tx.CommitAsync(StatusCodes.Status200OK, target!.Version, null, cancellationToken);
    }

    internal static async Task<IResult> DeleteAliasAsync(
        string name, string alias, [FromQuery] string? environment, HttpContext http, RegistryDatabase database, ModelStore models, AliasMover aliases, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var resolved = AliasEnvironment.Resolve(environment, errors)!;
        if ((Validate(name, alias, errors) ?? RegistryDatabase.ValidateIdempotencyKey(http) ?? ServiceMayNotMove(http, alias)) is { } invalid)
        {
            return invalid;
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync($"DELETE /api/models/{name}/aliases/{alias}{Scope(resolved)}", "", cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var model = await models.LockAsync(tx, name, cancellationToken);
        if (model is null)
        {
            return ModelsApi.UnknownModel(name);
        }
        if (ProtectedProblem(model, alias, resolved) is { } forbidden)
        {
            return forbidden;
        }
        await aliases.LockEventOrderAsync(tx, cancellationToken);
        if (await aliases.DeleteAsync(tx, model, alias, resolved, cancellationToken) is null)
        {
            return Problems.NotFound($"Model '{name}' has no alias '{alias}' in environment '{resolved}'.");
        }
        return await tx.CommitNoContentAsync(cancellationToken);
    }

    // Four eyes: a protected alias moves only when a promotion request is approved, whoever asks.
    private static ProblemHttpResult? ProtectedProblem(ModelRow model, string alias, string environment) =>
        !AliasEnvironment.IsProtected(PromotionPolicies.Find(PromotionPolicies.Parse(model.PolicyJson), alias), environment)
            ? null
            : Problems.Forbidden(
                $"Alias '{alias}' of '{model.Model.Name}' is protected in environment '{environment}' by its promotion policy. Request a promotion with " +
                $"POST /api/models/{model.Model.Name}/versions/{{version}}/promotions {{\"alias\": \"{alias}\", \"environment\": \"{environment}\"}}; it moves once approved.");

    // Idempotency scopes of the default environment stay as they were before environments.
    private static string Scope(string environment) => environment == AliasEnvironment.Default ? "" : $"?environment={environment}";

    private static ProblemHttpResult? ServiceMayNotMove(HttpContext http, string alias) =>
        !http.User.HasAnyRole(Roles.MlEngineer) && alias != ServiceAlias
            ? Problems.Forbidden($"Services may move only the '{ServiceAlias}' alias; '{alias}' needs the ml-engineer role.")
            : null;

    private static ValidationProblem? Validate(string name, string alias, ValidationErrors? errors = null)
    {
        errors ??= new ValidationErrors();
        if (ModelName.Problem(name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        if (AliasName.Problem(alias) is { } aliasProblem)
        {
            errors.Add("alias", aliasProblem);
        }
        return errors.IsEmpty ? null : errors.ToProblem();
    }
}
