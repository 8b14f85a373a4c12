using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Reference.Learning.Models;
using Reference.ModelRegistry.Client;
using Reference.Serving.Infrastructure;

namespace Reference.Serving.Models;

// Keeps every served model's aliases loaded: resolves them at start, again on each alias event from the registry,
// and every ReconcileInterval in case an event was missed. One loop does all loads, so two never race for a slot.
// A failure keeps the last good version serving; an unreachable registry is retried every RetryInterval, a busy one
// (429, or 503 with Retry-After) after the Retry-After it sent, bounded by MaxRetryAfter.
public sealed partial class ModelLifecycle(
    ModelCatalog catalog, ModelRegistryClient registry, ModelLoader loader, RegistryStatus status, ServingMetrics metrics,
    IOptions<ServingOptions> options, ILogger<ModelLifecycle> logger) : BackgroundService
{
    private readonly Channel<string> refreshes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (catalog.All.Count == 0)
        {
            LogNothingToServe(logger);
            return;
        }
        var events = FollowEventsAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = await ReconcileAllAsync(stoppingToken);
            try
            {
                if (next.RegistryAskedToWait)
                {
                    // The registry said when to come back: an alias event does not make that sooner, and the next
                    // pass resolves every alias anyway.
                    await Task.Delay(next.After, stoppingToken);
                    DrainRefreshes();
                    continue;
                }
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(next.After);
                // An alias event wakes the loop early; several queued events cost one reconcile.
                await refreshes.Reader.WaitToReadAsync(timeout.Token);
                DrainRefreshes();
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
        await events;
    }

    // One pass over every served model; says when the next one is due. A registry that answers 429 or 503 ends the
    // pass (the other models would get the same answer) and is left alone for as long as its Retry-After asks.
    internal async Task<NextReconcile> ReconcileAllAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var complete = true;
        foreach (var model in catalog.All)
        {
            try
            {
                complete &= await ReconcileAsync(model, cancellationToken);
            }
            catch (ModelRegistryException busy) when (IsBusy(busy))
            {
                var wait = RegistryRetryAfter.Wait(busy.RetryAfter, settings);
                status.AskedToWait((int)busy.StatusCode, wait);
                LogRegistryBusy(logger, model.Name, (int)busy.StatusCode, wait.TotalSeconds);
                return new NextReconcile(wait, RegistryAskedToWait: busy.RetryAfter is not null);
            }
        }
        return new NextReconcile(complete && status.IsReachable ? settings.ReconcileInterval : settings.RetryInterval, RegistryAskedToWait: false);
    }

    private void DrainRefreshes()
    {
        while (refreshes.Reader.TryRead(out _))
        {
        }
    }

    private async Task FollowEventsAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var change in registry.SubscribeAsync(cancellationToken: stoppingToken))
            {
                if (catalog.Find(change.Model) is not null)
                {
                    refreshes.Writer.TryWrite(change.Model);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The periodic reconcile still picks alias changes up.
            LogEventsStopped(logger, ex);
        }
    }

    // True when every alias the model needs resolved and loaded with its features bound (else retried sooner).
    internal async Task<bool> ReconcileAsync(ServedModel served, CancellationToken cancellationToken)
    {
        try
        {
            var champion = await registry.ResolveAliasAsync(served.Name, served.Options.Alias, cancellationToken);
            ModelVersion? challenger = null;
            if (served.Options.Canary is { } canary)
            {
                challenger = await registry.ResolveAliasAsync(served.Name, canary.Alias, cancellationToken);
            }
            status.Succeeded();

            if (champion is not null && served.Champion?.Version != champion.Version)
            {
                var loaded = served.Challenger?.Version == champion.Version ? served.Challenger : await LoadAsync(champion, cancellationToken);
                var previous = served.Champion?.Version;
                served.SetChampion(loaded);
                LogSwapped(logger, served.Name, served.Options.Alias, previous, loaded.Version);
            }
            if (served.Options.Canary is { } canaryOptions)
            {
                if (challenger is null || challenger.Version == champion?.Version)
                {
                    served.SetChallenger(null);
                }
                else if (served.Challenger?.Version != challenger.Version)
                {
                    var loaded = await LoadAsync(challenger, cancellationToken);
                    served.SetChallenger(loaded);
                    LogSwapped(logger, served.Name, canaryOptions.Alias, null, loaded.Version);
                }
            }
            await RebindAsync(served, cancellationToken);
            return served.Champion is { FeatureBindingTransient: false } && served.Challenger?.FeatureBindingTransient != true;
        }
        catch (ModelRegistryException ex) when (IsBusy(ex))
        {
            throw;
        }
        catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            status.Failed(ex.Message);
            LogRegistryUnreachable(logger, served.Name, ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is ModelRegistryException or ArtifactIntegrityException or ModelFormatException)
        {
            // The registry answered but this version cannot be served: keep the last good one.
            metrics.LoadFailed(served.Name);
            LogLoadFailed(logger, ex, served.Name);
            return false;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else (a bug, a misconfiguration) must not stop the loop that keeps the other models current.
            metrics.LoadFailed(served.Name);
            LogLoadFailed(logger, ex, served.Name);
            return false;
        }
    }

    private async Task RebindAsync(ServedModel served, CancellationToken cancellationToken)
    {
        if (served.Champion is { FeatureBindingTransient: true } champion && await loader.RebindAsync(champion, cancellationToken) is { } rebound)
        {
            served.SetChampion(rebound);
        }
        if (served.Challenger is { FeatureBindingTransient: true } challenger && await loader.RebindAsync(challenger, cancellationToken) is { } reboundChallenger)
        {
            served.SetChallenger(reboundChallenger);
        }
    }

    // 429, or 503 with Retry-After: the registry is up and says when to come back.
    private static bool IsBusy(ModelRegistryException ex) =>
        ex.StatusCode == HttpStatusCode.TooManyRequests || (ex.StatusCode == HttpStatusCode.ServiceUnavailable && ex.RetryAfter is not null);

    private static bool IsUnreachable(Exception ex) =>
        ex is HttpRequestException or TaskCanceledException or TimeoutException or IOException or Polly.CircuitBreaker.BrokenCircuitException
            or ModelRegistryException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError };

    private async Task<LoadedModel> LoadAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var loaded = await loader.LoadAsync(version, cancellationToken);
        metrics.Loaded(version.Model);
        return loaded;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No model to serve: set Serving:Models or Serving:UseCase, or add a serving section to a use case.")]
    private static partial void LogNothingToServe(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model} {Alias}: now serving v{Version} (was v{Previous})")]
    private static partial void LogSwapped(ILogger logger, string model, string alias, int? previous, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model registry is unreachable while resolving {Model}; serving the last good version: {Reason}")]
    private static partial void LogRegistryUnreachable(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model registry answered {Status} while reconciling {Model}; retrying after {Seconds} s as it asked")]
    private static partial void LogRegistryBusy(ILogger logger, string model, int status, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load a version of {Model}; the last good version keeps serving")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped following registry events; alias changes are picked up by the periodic reconcile")]
    private static partial void LogEventsStopped(ILogger logger, Exception exception);
}
