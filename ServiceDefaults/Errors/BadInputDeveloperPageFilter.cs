using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Reference.ServiceDefaults;

// In Development, ASP.NET Core puts its developer exception page in front of every other handler, so a JsonException
// thrown by a handler would come back as a 500 page. Bad input stays a 4xx problem there too, and an unreachable
// database or cache a 503; real faults keep the page.
internal sealed class BadInputDeveloperPageFilter(ProblemDetailsExceptionHandler handler) : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        if ((ProblemDetailsExceptionHandler.BadInputProblem(errorContext.Exception) ?? ProblemDetailsExceptionHandler.UnavailableProblem(errorContext.Exception)) is not null &&
            await handler.TryHandleAsync(errorContext.HttpContext, errorContext.Exception, errorContext.HttpContext.RequestAborted))
        {
            return;
        }

        await next(errorContext);
    }
}
