using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Infrastructure;

// Artifact uploads and downloads and searches hold a connection, buffers and database work for long; past a bound
// per replica the registry answers 429 with Retry-After at once (no queue), so callers back off or go to another
// replica instead of piling up until everything is slow. Section "Limits" (Limits__ExpensiveConcurrency, ...).
public static class ExpensiveRequests
{
    public const string Policy = "expensive";
    public const string SectionName = "Limits";

    public static IHostApplicationBuilder AddExpensiveRequestLimiter(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SectionName).Get<ExpensiveRequestOptions>() ?? new ExpensiveRequestOptions();
        if (options.ExpensiveConcurrency < 1 || options.RetryAfterSeconds < 1)
        {
            throw new InvalidOperationException("Limits:ExpensiveConcurrency and Limits:RetryAfterSeconds must be 1 or more.");
        }
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(Policy, concurrency =>
            {
                concurrency.PermitLimit = options.ExpensiveConcurrency;
                concurrency.QueueLimit = 0;
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Problems.TooManyRequests(
                    $"This registry replica is already serving {options.ExpensiveConcurrency} artifact transfers and searches " +
                    $"(setting Limits:ExpensiveConcurrency); retry after {options.RetryAfterSeconds} s.").ExecuteAsync(http);
            };
        });
        return builder;
    }

    public static TBuilder LimitAsExpensive<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireRateLimiting(Policy).ProducesProblem(StatusCodes.Status429TooManyRequests);
}

public sealed class ExpensiveRequestOptions
{
    // Concurrent artifact uploads, downloads and searches per replica, shared.
    public int ExpensiveConcurrency { get; set; } = 32;

    public int RetryAfterSeconds { get; set; } = 1;
}
