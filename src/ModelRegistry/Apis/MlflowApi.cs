using Microsoft.AspNetCore.Mvc;
using Reference.ModelRegistry.Aliases;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Mlflow;
using Reference.ModelRegistry.Models;
using Reference.ModelRegistry.Versions;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Apis;

// MLflow's Model Registry REST API, read paths only, with MLflow's field names and error shape
// ({"error_code": "RESOURCE_DOES_NOT_EXIST", "message": ...}) because MLflow clients parse them. Writes stay native.
public static class MlflowApi
{
    public static IEndpointRouteBuilder MapMlflowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/mlflow").WithTags("MLflow").RequireAuthorization(Policies.Viewer);
        api.MapGet("/registered-models/get", GetRegisteredModelAsync);
        api.MapGet("/registered-models/search", SearchRegisteredModelsAsync).LimitAsExpensive();
        api.MapMethods("/registered-models/get-latest-versions", ["GET", "POST"], GetLatestVersionsAsync);
        api.MapGet("/registered-models/alias", GetByAliasAsync);
        api.MapGet("/model-versions/get", GetModelVersionAsync);
        api.MapGet("/model-versions/get-download-uri", GetDownloadUriAsync);
        return app;
    }

    internal static async Task<IResult> GetRegisteredModelAsync([FromQuery] string? name, ModelStore models, VersionStore versions, CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }
        var row = await models.GetAsync(name!, cancellationToken);
        return row is null ? ModelNotFound(name!) : Results.Json(new MlflowGetRegisteredModelResponse(await ToMlflowAsync(row.Model, versions, cancellationToken)));
    }

    internal static async Task<IResult> SearchRegisteredModelsAsync(
        [FromQuery] string? filter, [FromQuery(Name = "max_results")] int? maxResults, [FromQuery(Name = "page_token")] string? pageToken,
        ModelStore models, VersionStore versions, CancellationToken cancellationToken)
    {
        if (!MlflowSearchFilter.TryParse(filter, out var parsed, out var problem))
        {
            return InvalidParameter(problem!);
        }
        if (maxResults is < 1 or > 1000)
        {
            return InvalidParameter("max_results is between 1 and 1000.");
        }
        string? after = null;
        if (pageToken is not null)
        {
            if (!PageToken.TryDecode<MlflowCursor>(pageToken, out var cursor))
            {
                return InvalidParameter("page_token is not one this server issued.");
            }
            after = cursor!.After;
        }
        var size = maxResults ?? 100;
        IReadOnlyList<ModelRow> rows;
        if (parsed!.ExactName is { } exact)
        {
            var row = await models.GetAsync(exact, cancellationToken);
            rows = row is not null && (after is null || string.CompareOrdinal(row.Model.Name, after) > 0)
                && parsed.Tags.All(t => row.Model.Tags.TryGetValue(t.Key, out var v) && v == t.Value) ? [row] : [];
        }
        else
        {
            rows = await models.SearchAsync(new ModelSearch(parsed.NamePrefix, parsed.Tags, null, after, size + 1), cancellationToken);
        }
        var page = rows.Take(size).ToList();
        var result = new List<MlflowRegisteredModel>(page.Count);
        foreach (var row in page)
        {
            result.Add(await ToMlflowAsync(row.Model, versions, cancellationToken));
        }
        return Results.Json(new MlflowSearchResponse(result, rows.Count > size ? PageToken.Encode(new MlflowCursor(page[^1].Model.Name)) : null));
    }

    // MLflow has stages; this registry has aliases instead, so every version is in stage "None" and the newest is returned.
    internal static async Task<IResult> GetLatestVersionsAsync(HttpContext http, VersionStore versions, CancellationToken cancellationToken)
    {
        var name = http.Request.Query["name"].ToString();
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasJsonContentType())
        {
            var body = await http.Request.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>(cancellationToken);
            if (body?.TryGetValue("name", out var value) == true && value.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                try
                {
                    name = value.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    // Well-formed JSON whose escapes make no text, such as a lone surrogate "\ud800".
                    return InvalidParameter("name is not valid text.");
                }
            }
        }
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }
        var latest = await versions.GetLatestAsync(name, cancellationToken);
        return Results.Json(new MlflowModelVersionsResponse(latest is null ? [] : [ToMlflow(latest.Version)]));
    }

    internal static async Task<IResult> GetByAliasAsync([FromQuery] string? name, [FromQuery] string? alias, VersionStore versions, CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }
        if (AliasName.Problem(alias) is { } aliasProblem)
        {
            return InvalidParameter(aliasProblem);
        }
        var row = await versions.GetByAliasAsync(name!, alias!, AliasEnvironment.Default, cancellationToken);
        return row is null
            ? NotFound($"Registered model alias {alias} not found for model {name}.")
            : Results.Json(new MlflowModelVersionResponse(ToMlflow(row.Version)));
    }

    internal static async Task<IResult> GetModelVersionAsync([FromQuery] string? name, [FromQuery] string? version, VersionStore versions, CancellationToken cancellationToken)
    {
        var (row, problem) = await FindVersionAsync(name, version, versions, cancellationToken);
        return row is null ? problem! : Results.Json(new MlflowModelVersionResponse(ToMlflow(row.Version)));
    }

    internal static async Task<IResult> GetDownloadUriAsync([FromQuery] string? name, [FromQuery] string? version, HttpContext http, VersionStore versions, CancellationToken cancellationToken)
    {
        var (row, problem) = await FindVersionAsync(name, version, versions, cancellationToken);
        return row is null
            ? problem!
            : Results.Json(new MlflowDownloadUriResponse($"{http.Request.Scheme}://{http.Request.Host}/api/models/{row.Version.Model}/versions/{row.Version.Version}/artifact"));
    }

    private static async Task<(VersionRow?, IResult?)> FindVersionAsync(string? name, string? version, VersionStore versions, CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } invalid)
        {
            return (null, invalid);
        }
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return (null, InvalidParameter($"version '{version}' is not a version number."));
        }
        var row = await versions.GetAsync(name!, number, cancellationToken);
        return row is null ? (null, NotFound($"Model Version (name={name}, version={number}) not found")) : (row, null);
    }

    private static async Task<MlflowRegisteredModel> ToMlflowAsync(RegisteredModel model, VersionStore versions, CancellationToken cancellationToken)
    {
        var latest = model.LatestVersion > 0 ? await versions.GetLatestAsync(model.Name, cancellationToken) : null;
        return new MlflowRegisteredModel(
            model.Name, model.CreatedAt.ToUnixTimeMilliseconds(), model.UpdatedAt.ToUnixTimeMilliseconds(), model.CreatedBy, model.Description ?? "",
            latest is null ? [] : [ToMlflow(latest.Version)],
            model.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MlflowTag(t.Key, t.Value)).ToList(),
            model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new MlflowAlias(a.Key, a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList());
    }

    private static MlflowModelVersion ToMlflow(ModelVersion version) => new(
        version.Model, version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        version.CreatedAt.ToUnixTimeMilliseconds(), version.CreatedAt.ToUnixTimeMilliseconds(), version.CreatedBy, "None", version.Description ?? "",
        $"models:/{version.Model}/{version.Version}", version.SourceRunId ?? "", "READY",
        version.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MlflowTag(t.Key, t.Value)).ToList(), version.Aliases);

    private static IResult? InvalidName(string? name) =>
        ModelName.Problem(name) is { } problem ? InvalidParameter(problem) : null;

    private static IResult InvalidParameter(string message) =>
        Results.Json(new MlflowError("INVALID_PARAMETER_VALUE", message), statusCode: StatusCodes.Status400BadRequest);

    private static IResult ModelNotFound(string name) => NotFound($"Registered Model with name={name} not found");

    private static IResult NotFound(string message) =>
        Results.Json(new MlflowError("RESOURCE_DOES_NOT_EXIST", message), statusCode: StatusCodes.Status404NotFound);

    private sealed record MlflowCursor(string After);
}
