using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.Observability.Infrastructure;
using Reference.Observability.Predictions;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.Observability.Apis;

public static class PredictionsApi
{
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/predictions", PostPredictionsAsync)
            .WithTags("Predictions")
            .RequireAnyRole(Roles.Service, Roles.MlEngineer)
            .Accepts<JsonElement>("application/json")
            .Produces<PredictionsAccepted>();
        return app;
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> PostPredictionsAsync(
        HttpContext http, PredictionStore store, IdempotencyStore idempotency, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 0 && IdempotencyStore.Validate(key) is { } keyProblem)
        {
            errors.Add("Idempotency-Key", keyProblem);
            return errors.ToProblem();
        }
        if (IsJson(http.Request.ContentType) is false)
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Send the samples as application/json.");
        }
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, $"Send at most {MaxBodyBytes} bytes per request; split the batch.");
        }

        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }
        if (body.Length > MaxBodyBytes)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, $"Send at most {MaxBodyBytes} bytes per request; split the batch.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, $"The body is not valid JSON: {ex.Message}");
        }
        using (document)
        {
            var samples = PredictionBatchReader.Read(document.RootElement, time.GetUtcNow(), errors);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }
            var accepted = JsonSerializer.Serialize(new PredictionsAccepted(samples.Count), ObservabilityJsonContext.Default.PredictionsAccepted);
            var stored = await store.InsertAsync(samples, key.Length > 0 ? key : null, body,
                () => new StoredResponse(StatusCodes.Status200OK, "application/json", accepted, null), idempotency, cancellationToken);
            if (stored is null)
            {
                return Problems.Status(StatusCodes.Status422UnprocessableEntity,
                    "This Idempotency-Key was used for a different request; use a new key for a new batch.");
            }
            return TypedResults.Content(stored.Body, stored.ContentType, Encoding.UTF8, stored.StatusCode);
        }
    }

    private static bool? IsJson(string? contentType) =>
        contentType is null ? null : contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
}
