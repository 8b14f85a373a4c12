using System.Net;
using Polly;
using Polly.Timeout;

namespace Reference.ServiceDefaults;

// Failures worth another attempt: connection errors, attempt timeouts, 408, 429 and 5xx.
public static class TransientHttpFailure
{
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    // The delay that the server asked for in Retry-After, if any.
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : null);
        return delay is { } value ? (value < TimeSpan.Zero ? TimeSpan.Zero : value) : null;
    }
}
