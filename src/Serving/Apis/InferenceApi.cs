using Reference.Serving.Inference;
using Reference.Serving.Models;
using Reference.ServiceDefaults;

namespace Reference.Serving.Apis;

// Open Inference Protocol v2 infer: POST /v2/models/{name}/infer (routed: champion, or the challenger for its canary
// share) and POST /v2/models/{name}/versions/{version}/infer (that loaded version only).
public static class InferenceApi
{
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v2/models/{name}").WithTags("Open Inference Protocol").RequireAuthorization(Policies.Viewer);
        models.MapPost("/infer", (string name, HttpContext http, ModelCatalog catalog, InferenceRunner runner) =>
                runner.InferAsync(http, name, catalog.Find(name), version: null))
            .Accepts<InferRequestDocument>("application/json");
        models.MapPost("/versions/{version}/infer", (string name, string version, HttpContext http, ModelCatalog catalog, InferenceRunner runner) =>
                runner.InferAsync(http, name, catalog.Find(name), version))
            .Accepts<InferRequestDocument>("application/json");
        return app;
    }
}

// For the OpenAPI document only: the request shape that /infer reads with its own parser.
public sealed record InferRequestDocument(string? Id, Dictionary<string, object>? Parameters, IReadOnlyList<InferTensorDocument> Inputs);

public sealed record InferTensorDocument(string Name, long[] Shape, string Datatype, object Data);
