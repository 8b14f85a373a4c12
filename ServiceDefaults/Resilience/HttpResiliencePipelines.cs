using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Reference.ServiceDefaults;

// One pipeline per destination (scheme, host and port as the caller wrote them), so that one
// failing service opens only its own circuit.
public sealed class HttpResiliencePipelines(IOptions<HttpResilienceOptions> options, TimeProvider timeProvider)
{
    // Set per request by ResilienceHandler; retries happen only when it is true.
    public static readonly ResiliencePropertyKey<bool> RetryAllowed = new("Reference.Resilience.RetryAllowed");

    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    public HttpResilienceOptions Options => options.Value;

    public ResiliencePipeline<HttpResponseMessage> For(Uri? requestUri) =>
        _pipelines.GetOrAdd(requestUri?.GetLeftPart(UriPartial.Authority) ?? string.Empty, _ => Create(options.Value));

    private ResiliencePipeline<HttpResponseMessage> Create(HttpResilienceOptions settings)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Name = "TotalTimeout", Timeout = settings.TotalTimeout });

        if (settings.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetryAttempts,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.GetValue(RetryAllowed, false) && TransientHttpFailure.IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(
                    TransientHttpFailure.RetryAfter(args.Outcome.Result, timeProvider.GetUtcNow())),
            });
        }

        return pipeline
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.CircuitBreakerFailureRatio,
                MinimumThroughput = settings.CircuitBreakerMinimumThroughput,
                SamplingDuration = settings.CircuitBreakerSamplingDuration,
                BreakDuration = settings.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(TransientHttpFailure.IsTransient(args.Outcome)),
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = settings.AttemptTimeout })
            .Build();
    }
}
