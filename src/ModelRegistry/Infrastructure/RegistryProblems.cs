using Microsoft.AspNetCore.Http.HttpResults;

namespace Reference.ModelRegistry.Infrastructure;

// The registry's non-validation errors as problem+json; each detail says what to change.
internal static class RegistryProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict with the current state", type: "https://tools.ietf.org/html/rfc9110#section-15.5.10");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: "https://tools.ietf.org/html/rfc9110#section-15.5.4");

    public static ProblemHttpResult Unprocessable(string detail, string title = "The request cannot be applied") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title, type: "https://tools.ietf.org/html/rfc9110#section-15.5.21");

    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", type: "https://tools.ietf.org/html/rfc9110#section-15.5.14");

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", type: "https://tools.ietf.org/html/rfc9110#section-15.5.16");

    public static ProblemHttpResult BadRequest(string detail, string title = "Malformed request") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title, type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");
}
