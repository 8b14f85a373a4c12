using Microsoft.AspNetCore.Http.HttpResults;

namespace Reference.Observability.Infrastructure;

// The service's non-validation errors as problem+json; each detail says what to change.
internal static class ObservabilityProblems
{
    public static ProblemHttpResult Status(int status, string detail) => status switch
    {
        StatusCodes.Status400BadRequest => TypedResults.Problem(detail, statusCode: status, title: "Malformed request", type: "https://tools.ietf.org/html/rfc9110#section-15.5.1"),
        StatusCodes.Status404NotFound => TypedResults.Problem(detail, statusCode: status, title: "Not found", type: "https://tools.ietf.org/html/rfc9110#section-15.5.5"),
        StatusCodes.Status413PayloadTooLarge => TypedResults.Problem(detail, statusCode: status, title: "Request body too large", type: "https://tools.ietf.org/html/rfc9110#section-15.5.14"),
        StatusCodes.Status415UnsupportedMediaType => TypedResults.Problem(detail, statusCode: status, title: "Unsupported media type", type: "https://tools.ietf.org/html/rfc9110#section-15.5.16"),
        StatusCodes.Status422UnprocessableEntity => TypedResults.Problem(detail, statusCode: status, title: "The request cannot be applied", type: "https://tools.ietf.org/html/rfc9110#section-15.5.21"),
        StatusCodes.Status429TooManyRequests => TypedResults.Problem(detail, statusCode: status, title: "Too many requests", type: "https://tools.ietf.org/html/rfc6585#section-4"),
        StatusCodes.Status503ServiceUnavailable => TypedResults.Problem(detail, statusCode: status, title: "Service unavailable", type: "https://tools.ietf.org/html/rfc9110#section-15.6.4"),
        _ => TypedResults.Problem(detail, statusCode: status),
    };

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);
}
