using Reference.Serving.Infrastructure;

namespace Reference.Serving.Models;

// How long to leave the registry alone after it answered 429 or 503: the Retry-After it sent, within
// [MinRetryAfter, Serving:MaxRetryAfter] so that neither a zero nor an hour stalls or floods; without one, our own
// RetryInterval.
public static class RegistryRetryAfter
{
    public static readonly TimeSpan MinRetryAfter = TimeSpan.FromMilliseconds(100);

    public static TimeSpan Wait(TimeSpan? retryAfter, ServingOptions options)
    {
        if (retryAfter is not { } asked)
        {
            return options.RetryInterval;
        }
        var max = options.MaxRetryAfter < MinRetryAfter ? MinRetryAfter : options.MaxRetryAfter;
        return asked < MinRetryAfter ? MinRetryAfter : asked > max ? max : asked;
    }
}
