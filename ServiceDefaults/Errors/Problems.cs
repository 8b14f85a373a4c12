using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Reference.ServiceDefaults;

/// <summary>
/// The non-validation errors every service answers with, as RFC 9457 problem+json with the RFC's type URI and a
/// human title; the detail, given by the caller, says what to change. Validation errors use <see cref="ValidationErrors"/>.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail, string title = "Malformed request") =>
        Problem(StatusCodes.Status400BadRequest, detail, title, "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, detail, "Forbidden", "https://tools.ietf.org/html/rfc9110#section-15.5.4");

    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, detail, "Not found", "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, detail, "Conflict with the current state", "https://tools.ietf.org/html/rfc9110#section-15.5.10");

    public static ProblemHttpResult TooLarge(string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, detail, "Request body too large", "https://tools.ietf.org/html/rfc9110#section-15.5.14");

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, detail, "Unsupported media type", "https://tools.ietf.org/html/rfc9110#section-15.5.16");

    public static ProblemHttpResult Unprocessable(string detail, string title = "The request cannot be applied") =>
        Problem(StatusCodes.Status422UnprocessableEntity, detail, title, "https://tools.ietf.org/html/rfc9110#section-15.5.21");

    /// <summary>422 with per-field errors: well-formed, but the named things do not exist or are out of range.</summary>
    public static ProblemHttpResult Unprocessable(IDictionary<string, string[]> errors, string detail, string title = "The request cannot be applied") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        });

    public static ProblemHttpResult TooManyRequests(string detail) =>
        Problem(StatusCodes.Status429TooManyRequests, detail, "Too many requests", "https://tools.ietf.org/html/rfc6585#section-4");

    public static ProblemHttpResult Unavailable(string detail, string title = "Service unavailable") =>
        Problem(StatusCodes.Status503ServiceUnavailable, detail, title, "https://tools.ietf.org/html/rfc9110#section-15.6.4");

    /// <summary>The problem for a status code chosen at run time.</summary>
    public static ProblemHttpResult Status(int status, string detail) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest(detail),
        StatusCodes.Status403Forbidden => Forbidden(detail),
        StatusCodes.Status404NotFound => NotFound(detail),
        StatusCodes.Status409Conflict => Conflict(detail),
        StatusCodes.Status413PayloadTooLarge => TooLarge(detail),
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(detail),
        StatusCodes.Status422UnprocessableEntity => Unprocessable(detail),
        StatusCodes.Status429TooManyRequests => TooManyRequests(detail),
        StatusCodes.Status503ServiceUnavailable => Unavailable(detail),
        _ => TypedResults.Problem(detail, statusCode: status),
    };

    private static ProblemHttpResult Problem(int status, string detail, string title, string type) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type);
}
