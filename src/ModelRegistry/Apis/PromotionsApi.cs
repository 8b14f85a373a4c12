using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.ModelRegistry.Aliases;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;
using Reference.ModelRegistry.Promotions;
using Reference.ModelRegistry.Versions;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Apis;

public static class PromotionsApi
{
    public static IEndpointRouteBuilder MapPromotionsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models/{name}").WithTags("Promotions");
        models.MapGet("/promotion-policy", GetPolicyAsync).RequireAuthorization(Policies.Viewer);
        models.MapPut("/promotion-policy", SetPolicyAsync).RequireAuthorization(Policies.Admin);
        models.MapPost("/versions/{version}/promotions", RequestPromotionAsync).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer);
        models.MapGet("/promotions", ListPromotionsAsync).RequireAuthorization(Policies.Viewer);

        var promotions = app.MapGroup("/api/promotions").WithTags("Promotions");
        promotions.MapGet("/{id}", GetPromotionAsync).RequireAuthorization(Policies.Viewer);
        promotions.MapPost("/{id}/approve", (long id, PromotionDecisionRequest? request, HttpContext http, RegistryDatabase database, PromotionStore store,
            ModelStore modelStore, VersionStore versions, AliasMover aliases, CancellationToken cancellationToken) =>
            DecideAsync(id, approve: true, request, http, database, store, modelStore, versions, aliases, cancellationToken))
            .RequireAuthorization(Policies.Approver);
        promotions.MapPost("/{id}/reject", (long id, PromotionDecisionRequest? request, HttpContext http, RegistryDatabase database, PromotionStore store,
            ModelStore modelStore, VersionStore versions, AliasMover aliases, CancellationToken cancellationToken) =>
            DecideAsync(id, approve: false, request, http, database, store, modelStore, versions, aliases, cancellationToken))
            .RequireAuthorization(Policies.Approver);
        return app;
    }

    internal static string Entity(string model, long id) => $"model:{model}/promotion:{id}";

    internal static async Task<Results<Ok<PromotionPolicy>, ProblemHttpResult, ValidationProblem>> GetPolicyAsync(string name, ModelStore models, CancellationToken cancellationToken)
    {
        if (ModelName.Problem(name) is { } problem)
        {
            return new ValidationErrors().Add("name", problem).ToProblem();
        }
        var model = await models.GetAsync(name, cancellationToken);
        return model is null ? ModelsApi.UnknownModel(name) : TypedResults.Ok(PromotionPolicies.Parse(model.PolicyJson));
    }

    internal static async Task<IResult> SetPolicyAsync(string name, PromotionPolicy policy, HttpContext http, RegistryDatabase database, ModelStore models, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ModelName.Problem(name) is { } problem)
        {
            errors.Add("name", problem);
        }
        PromotionPolicies.Validate(policy, errors);
        if ((RegistryDatabase.ValidateIdempotencyKey(http) ?? (errors.IsEmpty ? null : errors.ToProblem())) is { } invalid)
        {
            return invalid;
        }
        var normalized = new PromotionPolicy(policy.ProtectedAliases ?? []);

        await using var tx = await database.BeginAsync(http, cancellationToken);
        var json = tx.ToJson(normalized)!;
        if (await tx.ClaimAsync($"PUT /api/models/{name}/promotion-policy", json, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var model = await models.LockAsync(tx, name, cancellationToken);
        if (model is null)
        {
            return ModelsApi.UnknownModel(name);
        }
        await models.SetPolicyAsync(tx, model.Id, json, cancellationToken);
        await tx.AuditAsync("policy.update", $"{ModelsApi.Entity(name)}/promotion-policy", PromotionPolicies.Parse(model.PolicyJson), normalized, cancellationToken);
        return await tx.CommitAsync(StatusCodes.Status200OK, normalized, null, cancellationToken);
    }

    internal static async Task<IResult> RequestPromotionAsync(
        string name, string version, CreatePromotionRequest request, HttpContext http,
        RegistryDatabase database, ModelStore models, VersionStore versions, PromotionStore promotions, AliasMover aliases, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ModelName.Problem(name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            errors.Add("version", $"'{version}' is not a version number.");
        }
        if (AliasName.Problem(request.Alias) is { } aliasProblem)
        {
            errors.Add("alias", aliasProblem);
        }
        if (!PromotionRules.IsEnvironment(request.Environment))
        {
            errors.Add("environment", "environment names where the alias applies, such as staging or production (lower-case letters, digits, '-').");
        }
        TagRules.ValidateText(request.Reason, 2000, "reason", errors);
        if ((RegistryDatabase.ValidateIdempotencyKey(http) ?? (errors.IsEmpty ? null : errors.ToProblem())) is { } invalid)
        {
            return invalid;
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync($"POST /api/models/{name}/versions/{number}/promotions", tx.ToJson(request)!, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var model = await models.LockAsync(tx, name, cancellationToken);
        if (model is null)
        {
            return ModelsApi.UnknownModel(name);
        }
        var environment = request.Environment!;
        var rule = PromotionPolicies.Find(PromotionPolicies.Parse(model.PolicyJson), request.Alias!);
        if (rule is null)
        {
            return Problems.Unprocessable(
                $"Alias '{request.Alias}' of '{name}' is not protected, so it needs no promotion: move it with PUT /api/models/{name}/aliases/{request.Alias}?environment={environment}.");
        }
        if (!AliasEnvironment.IsProtected(rule, environment))
        {
            return Problems.Unprocessable(
                $"The policy protects '{request.Alias}' in {string.Join(", ", rule.Environments!)}, not in '{environment}', so it needs no promotion there: " +
                $"move it with PUT /api/models/{name}/aliases/{request.Alias}?environment={environment}.");
        }
        var candidate = await versions.GetInTransactionAsync(tx, model.Id, number, cancellationToken);
        if (candidate is null)
        {
            return Problems.NotFound($"Model '{name}' has no version {number}.");
        }
        var holderVersion = await aliases.CurrentAsync(tx, model.Id, request.Alias!, environment, cancellationToken);
        if (holderVersion == number)
        {
            return Problems.Conflict($"Version {number} already holds '{request.Alias}' in '{environment}'.");
        }
        // One open request per version, alias and environment: a second would only split the approvers' attention.
        // The model row's lock makes the check and the insert atomic. (A retry with the same Idempotency-Key was
        // answered above with the first response.)
        if (await promotions.FindPendingAsync(tx, model.Id, number, request.Alias!, environment, cancellationToken) is { } existing)
        {
            return DuplicateProblem(name, number, request.Alias!, environment, existing);
        }
        var holder = holderVersion is { } h ? await versions.GetInTransactionAsync(tx, model.Id, h, cancellationToken) : null;
        var gates = GateEvaluator.Evaluate(rule, candidate.Version, holder?.Version);
        var status = gates.All(g => g.Passed) ? PromotionStatuses.Pending : PromotionStatuses.Blocked;
        var id = await promotions.InsertAsync(tx, model.Id, number, request, status, PromotionPolicies.RequiredApprovals(rule, environment), gates, cancellationToken);
        var created = await promotions.GetInTransactionAsync(tx, id, cancellationToken);
        await tx.AuditAsync("promotion.request", Entity(name, id), null, created.Promotion, cancellationToken);
        return await tx.CommitAsync(StatusCodes.Status201Created, created.Promotion, $"/api/promotions/{id}", cancellationToken);
    }

    internal static async Task<Results<Ok<Page<Promotion>>, ProblemHttpResult, ValidationProblem>> ListPromotionsAsync(
        string name, [FromQuery] int? pageSize, [FromQuery] string? pageToken, ModelStore models, PromotionStore promotions, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ModelName.Problem(name) is { } problem)
        {
            errors.Add("name", problem);
        }
        Paging.TryParse<PromotionCursor>(pageSize, pageToken, errors, out var size, out var cursor);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        if (await models.GetAsync(name, cancellationToken) is null)
        {
            return ModelsApi.UnknownModel(name);
        }
        var items = await promotions.ListAsync(name, cursor?.After ?? 0, size + 1, cancellationToken);
        var page = items.Take(size).ToList();
        return TypedResults.Ok(new Page<Promotion>(page, items.Count > size ? PageToken.Encode(new PromotionCursor(page[^1].Id)) : null));
    }

    internal static async Task<Results<Ok<Promotion>, ProblemHttpResult>> GetPromotionAsync(long id, PromotionStore promotions, CancellationToken cancellationToken)
    {
        var row = await promotions.GetAsync(id, cancellationToken);
        return row is null ? Problems.NotFound($"There is no promotion request {id}.") : TypedResults.Ok(row.Promotion);
    }

    // Approve or reject. Never by the requester; the alias moves when the last required approval lands, after the
    // gates are checked again against whichever version holds the alias by then.
    internal static async Task<IResult> DecideAsync(
        long id, bool approve, PromotionDecisionRequest? request, HttpContext http,
        RegistryDatabase database, PromotionStore promotions, ModelStore models, VersionStore versions, AliasMover aliases, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        TagRules.ValidateText(request?.Comment, 2000, "comment", errors);
        if ((RegistryDatabase.ValidateIdempotencyKey(http) ?? (errors.IsEmpty ? null : errors.ToProblem())) is { } invalid)
        {
            return invalid;
        }
        var decision = approve ? "approve" : "reject";

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync($"POST /api/promotions/{id}/{decision}", tx.ToJson(request ?? new PromotionDecisionRequest(null))!, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var row = await promotions.LockAsync(tx, id, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"There is no promotion request {id}.");
        }
        var promotion = row.Promotion;
        if (promotion.RequestedBy == tx.Actor)
        {
            return Problems.Forbidden($"You requested promotion {id}; another approver has to {decision} it (four-eyes rule).");
        }
        // A blocked request can still be rejected, which closes it; only a pending one can be approved.
        if (promotion.Status != PromotionStatuses.Pending && !(promotion.Status == PromotionStatuses.Blocked && !approve))
        {
            return Problems.Conflict(promotion.Status == PromotionStatuses.Blocked
                ? $"Promotion {id} is blocked by its gates ({string.Join("; ", promotion.Gates.Where(g => !g.Passed).Select(g => g.Gate))}); it can only be rejected."
                : $"Promotion {id} is already {promotion.Status}.");
        }
        if (promotion.Decisions.Any(d => d.Actor == tx.Actor))
        {
            return Problems.Conflict($"You already decided on promotion {id}; it needs another approver.");
        }

        var gates = promotion.Gates;
        var status = PromotionStatuses.Pending;
        if (approve)
        {
            var model = (await models.LockAsync(tx, promotion.Model, cancellationToken))!;
            await aliases.LockEventOrderAsync(tx, cancellationToken);
            var approvals = promotion.Decisions.Count(d => d.Decision == "approve") + 1;
            if (approvals >= promotion.RequiredApprovals)
            {
                var rule = PromotionPolicies.Find(PromotionPolicies.Parse(model.PolicyJson), promotion.Alias)
                    ?? new ProtectedAlias(promotion.Alias, promotion.RequiredApprovals);
                var candidate = (await versions.GetInTransactionAsync(tx, row.ModelId, promotion.Version, cancellationToken))!;
                var holderVersion = await aliases.CurrentAsync(tx, row.ModelId, promotion.Alias, promotion.Environment, cancellationToken);
                var holder = holderVersion is { } h ? await versions.GetInTransactionAsync(tx, row.ModelId, h, cancellationToken) : null;
                gates = GateEvaluator.Evaluate(rule, candidate.Version, holder?.Version);
                if (gates.Any(g => !g.Passed))
                {
                    return Problems.Conflict(
                        $"Promotion {id} no longer passes its gates against the current holder of '{promotion.Alias}' in '{promotion.Environment}': " +
                        string.Join("; ", gates.Where(g => !g.Passed).Select(g => $"{g.Gate} ({g.Detail})")));
                }
                await aliases.SetAsync(tx, model, promotion.Alias, promotion.Environment, promotion.Version, cancellationToken);
                status = PromotionStatuses.Approved;
            }
        }
        else
        {
            status = PromotionStatuses.Rejected;
        }

        await promotions.AddDecisionAsync(tx, id, decision, request?.Comment, cancellationToken);
        await promotions.SetStatusAsync(tx, id, status, gates, decided: status != PromotionStatuses.Pending, cancellationToken);
        var updated = await promotions.GetInTransactionAsync(tx, id, cancellationToken);
        await tx.AuditAsync($"promotion.{decision}", Entity(promotion.Model, id), promotion, updated.Promotion, cancellationToken);
        return await tx.CommitAsync(StatusCodes.Status200OK, updated.Promotion, null, cancellationToken);
    }

    private static ProblemHttpResult DuplicateProblem(string name, int version, string alias, string environment, long existing)
    {
        var problem = Problems.Conflict(
            $"Promotion request {existing} already asks to make version {version} of '{name}' '{alias}' in '{environment}' and is pending. " +
            $"Approve or reject it (POST /api/promotions/{existing}/approve|reject) instead of asking again.");
        problem.ProblemDetails.Extensions["existingPromotionId"] = existing;
        problem.ProblemDetails.Extensions["existingPromotion"] = $"/api/promotions/{existing}";
        return problem;
    }

    private sealed record PromotionCursor(long After);
}
