using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Models;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Apis;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Approver);
        api.MapGet("/", ListAuditAsync);
        api.MapGet("/verify", VerifyAuditAsync);
        return app;
    }

    internal static async Task<Results<Ok<Page<AuditRecord>>, ValidationProblem>> ListAuditAsync(
        [FromQuery] string? model, [FromQuery] DateTimeOffset? since, [FromQuery] int? pageSize, [FromQuery] string? pageToken,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (model is not null && ModelName.Problem(model) is { } problem)
        {
            errors.Add("model", problem);
        }
        Paging.TryParse<AuditCursor>(pageSize, pageToken, errors, out var size, out var cursor);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        // "model:fraud" also prefixes "model:fraud-v2": keep the model's own records and those below it.
        var entity = model is null ? null : ModelsApi.Entity(model);
        var records = await audit.ListAsync(new AuditQuery { EntityPrefix = entity, Since = since, AfterId = cursor?.After, Limit = size + 1 }, cancellationToken);
        var scanned = records.Take(size).ToList();
        var page = entity is null ? scanned : scanned.Where(r => r.Entity == entity || r.Entity.StartsWith(entity + "/", StringComparison.Ordinal)).ToList();
        var next = records.Count > size ? PageToken.Encode(new AuditCursor(scanned[^1].Id)) : null;
        return TypedResults.Ok(new Page<AuditRecord>(page, next));
    }

    internal static async Task<Ok<AuditVerification>> VerifyAuditAsync(AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.VerifyAsync(cancellationToken));

    private sealed record AuditCursor(long After);
}
