using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reference.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

public static class ProblemDetailsExtensions
{
    // RFC 9457 problem+json for every error response, with the trace id that finds the request's trace.
    public static TBuilder AddDefaultProblemDetails<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.TryAddSingleton<ProblemDetailsExceptionHandler>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Diagnostics.IDeveloperPageExceptionFilter, BadInputDeveloperPageFilter>());
        // Minimal APIs then report why binding failed instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, ProblemResponsesStartupFilter>());
        return builder;
    }
}
