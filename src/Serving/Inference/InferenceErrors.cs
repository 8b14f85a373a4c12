using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Reference.Serving.Inference;

// Open Inference Protocol errors are {"error": "..."}; the platform's are RFC 9457 problem+json. Both at once: a
// problem document that also carries "error", so OIP clients and platform clients read the same response.
public static class InferenceErrors
{
    public static ProblemHttpResult Problem(int status, string message)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status400BadRequest => "The inference request is invalid",
                StatusCodes.Status404NotFound => "Not found",
                StatusCodes.Status413PayloadTooLarge => "Request body too large",
                StatusCodes.Status422UnprocessableEntity => "The request cannot be scored",
                StatusCodes.Status503ServiceUnavailable => "Model not ready",
                _ => "Inference failed",
            },
            Type = status switch
            {
                StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
                StatusCodes.Status422UnprocessableEntity => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
                StatusCodes.Status503ServiceUnavailable => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                _ => null,
            },
            Detail = message,
        };
        problem.Extensions["error"] = message;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult UnknownModel(string model) =>
        Problem(StatusCodes.Status404NotFound, $"Model '{model}' is not served here; GET /v2/models/{{name}} for one this server is configured with.");

    public static ProblemHttpResult NotReady(string model) =>
        Problem(StatusCodes.Status503ServiceUnavailable, $"Model '{model}' has no champion loaded yet; retry when /v2/models/{model}/ready answers ready.");
}
