using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Reference.ServiceDefaults;

// Bad input (malformed JSON, unbindable parameters, oversize bodies) becomes a 4xx; a database or cache that is down or
// restarting a 503 with Retry-After (the caller's retry will likely succeed); anything else a 500 without internals.
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetailsService, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = BadInputProblem(exception) ?? UnavailableProblem(exception);
        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred" };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetailsService.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The 4xx problem for an exception caused by bad input, or null when the fault is the server's.</summary>
    internal static ProblemDetails? BadInputProblem(Exception exception) =>
        exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge => new ProblemDetails
            {
                Status = tooLarge.StatusCode,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
                Title = "Request body too large",
                Detail = tooLarge.Message,
            },
            BadHttpRequestException badRequest => new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Detail = badRequest.InnerException is JsonException json ? $"{badRequest.Message} {json.Message}" : badRequest.Message,
            },
            JsonException json => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Malformed JSON",
                Detail = json.Message,
            },
            // PostgreSQL text cannot hold U+0000: a value with one is the request's fault, found only when it is sent.
            Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire } => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Title = "Invalid character",
                Detail = "A value in the request contains a character that cannot be stored (such as NUL, U+0000). Remove it and retry.",
            },
            _ => null,
        };

    /// <summary>The 503 problem for an exception that says a dependency is unreachable for now, or null.</summary>
    internal static ProblemDetails? UnavailableProblem(Exception exception) =>
        exception switch
        {
            Npgsql.NpgsqlException { IsTransient: true } => Unavailable("PostgreSQL did not answer; it may be restarting. Retry shortly."),
            StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException =>
                Unavailable("Redis did not answer; it may be restarting. Retry shortly."),
            _ => null,
        };

    private static ProblemDetails Unavailable(string detail) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        Title = "Service unavailable",
        Detail = detail,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while processing {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
