using Microsoft.AspNetCore.Http.HttpResults;

namespace Reference.TrainingRunner.Infrastructure;

// Non-validation errors as problem+json; each detail says what to change.
internal static class TrainingProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict with the current state", type: "https://tools.ietf.org/html/rfc9110#section-15.5.10");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: "https://tools.ietf.org/html/rfc9110#section-15.5.4");

    public static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "A platform service is unavailable", type: "https://tools.ietf.org/html/rfc9110#section-15.6.4");

    public static ProblemHttpResult Unprocessable(string detail, string title = "The request cannot be applied") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title, type: "https://tools.ietf.org/html/rfc9110#section-15.5.21");

    // 422 with per-field errors: well-formed, but the named things do not exist or are out of range.
    public static ProblemHttpResult Unprocessable(IDictionary<string, string[]> errors, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The job cannot run as specified",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        });
}
