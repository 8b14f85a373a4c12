using System.Text.Json;
using Reference.Serving.Features;
using Reference.Serving.Models;
using Reference.ServiceDefaults;

namespace Reference.Serving.Apis;

// Entity scoring: POST /api/predict/{model} {"entities": {"card_id": ["c1", "c2"]}, "includeFeatures": false}.
// Reads the serving version's features for every entity in one Redis round trip, scores, and answers per entity
// the score, the version and the missing features.
//
// Clearance: echoing feature values (includeFeatures) needs a clearance at or above every feature view the model
// reads, as the feature store itself would demand. A score alone is a model output, not the feature values, so any
// platform role may ask for it whatever its clearance; the model's lineage classification governs who may deploy
// it, not who may consume its scores.
public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/predict/{model}", (string model, PredictRequest request, HttpContext http, ModelCatalog catalog, EntityScorer scorer) =>
                scorer.ScoreAsync(http, model, catalog.Find(model), request))
            .WithTags("Predict")
            .RequireAuthorization(Policies.Viewer);
        return app;
    }
}

public sealed record PredictRequest(Dictionary<string, JsonElement[]>? Entities, bool IncludeFeatures = false);
