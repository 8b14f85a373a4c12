using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.Serving.Inference;
using Reference.Serving.Models;
using Reference.ServiceDefaults;

namespace Reference.Serving.Apis;

// Open Inference Protocol v2 health, readiness and model metadata. Readiness answers 200 when true and 400 when false,
// as the protocol specifies (4xx for false), with the JSON body either way.
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        // Anonymous (the platform's public prefix /v2/health): probes carry no token.
        var health = app.MapGroup("/v2/health").WithTags("Open Inference Protocol").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Ok(new LiveResponse(true)));
        health.MapGet("/ready", (ModelCatalog catalog) => catalog.IsReady
            ? TypedResults.Json(new ReadyResponse(true))
            : TypedResults.Json(new ReadyResponse(false), statusCode: StatusCodes.Status400BadRequest));

        app.MapGet("/v2", () => TypedResults.Ok(new ServerMetadataResponse("reference-serving", "2", [])))
            .WithTags("Open Inference Protocol").RequireAuthorization(Policies.Viewer);

        var models = app.MapGroup("/v2/models/{name}").WithTags("Open Inference Protocol").RequireAuthorization(Policies.Viewer);
        models.MapGet("/", (string name, ModelCatalog catalog) => Metadata(name, catalog, version: null));
        models.MapGet("/versions/{version}", (string name, string version, ModelCatalog catalog) => Metadata(name, catalog, version));
        models.MapGet("/ready", (string name, ModelCatalog catalog) => Ready(name, catalog, version: null));
        models.MapGet("/versions/{version}/ready", (string name, string version, ModelCatalog catalog) => Ready(name, catalog, version));
        return app;
    }

    internal static Results<JsonHttpResult<ModelReadyResponse>, ProblemHttpResult> Ready(string name, ModelCatalog catalog, string? version)
    {
        if (catalog.Find(name) is not { } served)
        {
            return InferenceErrors.UnknownModel(name);
        }
        var ready = version is null
            ? served.Champion is not null
            : int.TryParse(version, CultureInfo.InvariantCulture, out var number) && served.FindVersion(number) is not null;
        return TypedResults.Json(new ModelReadyResponse(name, ready), statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    internal static Results<Ok<ModelMetadataResponse>, ProblemHttpResult> Metadata(string name, ModelCatalog catalog, string? version)
    {
        if (catalog.Find(name) is not { } served)
        {
            return InferenceErrors.UnknownModel(name);
        }
        LoadedModel? model;
        if (version is null)
        {
            model = served.Champion;
            if (model is null)
            {
                return InferenceErrors.NotReady(name);
            }
        }
        else
        {
            model = int.TryParse(version, CultureInfo.InvariantCulture, out var number) ? served.FindVersion(number) : null;
            if (model is null)
            {
                return InferenceErrors.Problem(StatusCodes.Status404NotFound, $"Version '{version}' of {name} is not loaded; loaded: {InferenceRunner.LoadedVersions(served)}.");
            }
        }
        var versions = new List<string>(2);
        if (served.Champion is { } champion)
        {
            versions.Add(champion.VersionText);
        }
        if (served.Challenger is { } challenger)
        {
            versions.Add(challenger.VersionText);
        }
        var inputs = new TensorMetadata[model.InputCount];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new TensorMetadata(model.Inputs[i].Name, model.Datatypes[i], [-1]);
        }
        return TypedResults.Ok(new ModelMetadataResponse(
            name, versions, $"reference-learning-{model.Model.Algorithm}", inputs, [new TensorMetadata(model.OutputName, TensorDatatypes.Fp64, [-1])],
            new ModelMetadataParameters(model.VersionText, served.Options.Canary is { } canary ? canary.Mode : null,
                [.. served.Champion?.Features?.JoinKeys ?? []])));
    }
}

public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);

public sealed record LiveResponse(bool Live);

public sealed record ReadyResponse(bool Ready);

public sealed record ModelReadyResponse(string Name, bool Ready);

// {"name", "versions", "platform", "inputs": [{"name", "datatype", "shape"}], "outputs": [...]}; shape -1 is the batch.
public sealed record ModelMetadataResponse(
    string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs,
    ModelMetadataParameters Parameters);

public sealed record TensorMetadata(string Name, string Datatype, long[] Shape);

// Beyond the protocol: which version this metadata describes, the canary mode, and the entity keys /api/predict takes.
public sealed record ModelMetadataParameters(string Version, string? CanaryMode, IReadOnlyList<string> JoinKeys);
