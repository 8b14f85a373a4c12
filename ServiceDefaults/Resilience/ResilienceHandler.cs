using Polly;

namespace Reference.ServiceDefaults;

// Runs each request through its destination's pipeline: total timeout, retry, circuit breaker, attempt timeout.
public sealed class ResilienceHandler(HttpResiliencePipelines pipelines) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var retryAllowed = ResendableRequest.IsIdempotent(request)
            && await ResendableRequest.TryMakeReplayableAsync(request, pipelines.Options.MaxBufferedContentBytes, cancellationToken);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpResiliencePipelines.RetryAllowed, retryAllowed);
        try
        {
            return await pipelines.For(request.RequestUri).ExecuteAsync(
                static (attempt, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendAttemptAsync(state.Request, attempt.CancellationToken)),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
