using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reference.ModelRegistry.Artifacts;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;
using Reference.ModelRegistry.Versions;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Apis;

public static class VersionsApi
{
    public static IEndpointRouteBuilder MapVersionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models/{name}/versions").WithTags("Versions");
        api.MapPost("/", (string name, HttpContext http, VersionUploadHandler upload, CancellationToken cancellationToken) => upload.HandleAsync(name, http, cancellationToken))
            .RequireAnyRole(Roles.DataScientist, Roles.MlEngineer, Roles.Service)
            .WithName(OpenApi.VersionUploadOperation.OperationId)
            .Accepts<VersionMetadata>("multipart/form-data")
            .Produces<ModelVersion>(StatusCodes.Status201Created)
            .LimitAsExpensive();
        api.MapGet("/", ListVersionsAsync).RequireAuthorization(Policies.Viewer);
        api.MapGet("/{version}", GetVersionAsync).RequireAuthorization(Policies.Viewer);
        api.MapPatch("/{version}", UpdateVersionAsync).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer);
        api.MapGet("/{version}/artifact", DownloadArtifactAsync).RequireAuthorization(Policies.Viewer).LimitAsExpensive();
        api.MapGet("/{version}/lineage", GetLineageAsync).RequireAuthorization(Policies.Viewer);
        api.MapGet("/{version}/data-profile", GetDataProfileAsync).RequireAuthorization(Policies.Viewer);
        return app;
    }

    internal static string Entity(string model, int version) => $"model:{model}/version:{version}";

    internal static async Task<Results<Ok<Page<ModelVersion>>, ProblemHttpResult, ValidationProblem>> ListVersionsAsync(
        string name, [FromQuery] int? pageSize, [FromQuery] string? pageToken, ModelStore models, VersionStore versions, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ModelName.Problem(name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        Paging.TryParse<VersionCursor>(pageSize, pageToken, errors, out var size, out var cursor);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        if (await models.GetAsync(name, cancellationToken) is null)
        {
            return ModelsApi.UnknownModel(name);
        }
        var items = await versions.ListAsync(name, cursor?.After ?? 0, size + 1, cancellationToken);
        var page = items.Take(size).ToList();
        return TypedResults.Ok(new Page<ModelVersion>(page, items.Count > size ? PageToken.Encode(new VersionCursor(page[^1].Version)) : null));
    }

    internal static async Task<Results<Ok<ModelVersion>, ProblemHttpResult, ValidationProblem>> GetVersionAsync(
        string name, string version, VersionStore versions, CancellationToken cancellationToken)
    {
        var (row, problem) = await FindAsync(name, version, versions, cancellationToken);
        return row is not null ? TypedResults.Ok(row.Version) : problem is ValidationProblem invalid ? invalid : (ProblemHttpResult)problem!;
    }

    internal static async Task<Results<Ok<VersionLineage>, ProblemHttpResult, ValidationProblem>> GetLineageAsync(
        string name, string version, VersionStore versions, CancellationToken cancellationToken)
    {
        var (row, problem) = await FindAsync(name, version, versions, cancellationToken);
        if (row is null)
        {
            return problem is ValidationProblem invalid ? invalid : (ProblemHttpResult)problem!;
        }
        return TypedResults.Ok(new VersionLineage(row.Version.Model, row.Version.Version, row.Version.SourceRunId, row.Version.Lineage, row.Version.Artifact));
    }

    // The profile is derived from training data, so reading it needs clearance for the version's classification.
    internal static async Task<IResult> GetDataProfileAsync(string name, string version, HttpContext http, VersionStore versions, CancellationToken cancellationToken)
    {
        var (row, problem) = await FindAsync(name, version, versions, cancellationToken);
        if (row is null)
        {
            return problem!;
        }
        if (!http.User.HasClearanceFor(row.Classification))
        {
            return NoClearance(row);
        }
        var profile = await versions.GetDataProfileAsync(row.ModelId, row.Version.Version, cancellationToken);
        return profile is null
            ? Problems.NotFound($"Version {row.Version.Version} of '{name}' was registered without a data profile.")
            : Results.Text(profile, "application/json");
    }

    internal static async Task<IResult> DownloadArtifactAsync(string name, string version, HttpContext http, VersionStore versions, ArtifactStores stores, CancellationToken cancellationToken)
    {
        var (row, problem) = await FindAsync(name, version, versions, cancellationToken);
        if (row is null)
        {
            return problem!;
        }
        if (!http.User.HasClearanceFor(row.Classification))
        {
            return NoClearance(row);
        }
        var artifact = (await stores.FindAsync(row.Version.Artifact.Sha256, cancellationToken))!;
        return new ArtifactDownloadResult(artifact, stores.For(artifact.Store), $"{name}-v{row.Version.Version}.model");
    }

    internal static async Task<IResult> UpdateVersionAsync(
        string name, string version, UpdateVersionRequest request, HttpContext http, RegistryDatabase database, VersionStore versions, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        TagRules.ValidateText(request.Description, 5000, "description", errors);
        TagRules.Validate(request.Tags, errors, allowNullValues: true);
        var (row, problem) = await FindAsync(name, version, versions, cancellationToken);
        if ((RegistryDatabase.ValidateIdempotencyKey(http) ?? (errors.IsEmpty ? null : errors.ToProblem()) ?? problem) is { } invalid)
        {
            return invalid;
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        if (await tx.ClaimAsync($"PATCH /api/models/{name}/versions/{row!.Version.Version}", tx.ToJson(request)!, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var current = await versions.GetInTransactionAsync(tx, row.ModelId, row.Version.Version, cancellationToken);
        if (current is null)
        {
            return Problems.NotFound($"Version {row.Version.Version} of '{name}' no longer exists.");
        }
        var tags = ModelsApi.MergeTags(current.Version.Tags, request.Tags);
        if (tags.Count > TagRules.MaxTags)
        {
            return new ValidationErrors().Add("tags", $"A version has at most {TagRules.MaxTags} tags.").ToProblem();
        }
        var updated = await versions.UpdateAsync(tx, row.ModelId, row.Version.Version, request.Description ?? current.Version.Description, tags, cancellationToken);
        // Cached alias answers carry description and tags: tell every replica.
        await using (var notify = tx.Command("SELECT pg_notify($1, 'version-updated')", Reference.ModelRegistry.Events.RegistryEventHub.Channel))
        {
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.AuditAsync("version.update", Entity(name, row.Version.Version),
            new { current.Version.Description, current.Version.Tags }, new { updated.Version.Description, updated.Version.Tags }, cancellationToken);
        return await tx.CommitAsync(StatusCodes.Status200OK, updated.Version, null, cancellationToken);
    }

    // "latest" or a version number; a problem says what was wrong.
    internal static async Task<(VersionRow? Row, IResult? Problem)> FindAsync(string name, string version, VersionStore versions, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ModelName.Problem(name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        var latest = version == "latest";
        var number = 0;
        if (!latest && (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) || number < 1))
        {
            errors.Add("version", $"'{version}' is not a version: use a number from 1, or 'latest'.");
        }
        if (!errors.IsEmpty)
        {
            return (null, errors.ToProblem());
        }
        var row = latest ? await versions.GetLatestAsync(name, cancellationToken) : await versions.GetAsync(name, number, cancellationToken);
        return row is null
            ? (null, Problems.NotFound(latest
                ? $"Model '{name}' does not exist or has no versions yet."
                : $"Model '{name}' has no version {number} (or does not exist)."))
            : (row, null);
    }

    internal static ProblemHttpResult NoClearance(VersionRow row) => Problems.Forbidden(
        $"Version {row.Version.Version} of '{row.Version.Model}' was trained on {row.Classification.ToName()} data; reading it needs a clearance claim of {row.Classification.ToName()} or above.");

    private sealed record VersionCursor(int After);
}
