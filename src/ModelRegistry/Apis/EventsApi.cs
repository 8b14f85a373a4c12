using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Events;
using Reference.ModelRegistry.Models;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Apis;

public static class EventsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", StreamEventsAsync).RequireAuthorization(Policies.Viewer).WithTags("Events")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    // Server-Sent Events: "id: N", "event: alias-set", "data: {json}" (with the environment). Resume with
    // Last-Event-ID (or ?after=N); without either, the stream starts at the next change. ?model= narrows the
    // stream to one model.
    internal static async Task<IResult> StreamEventsAsync(
        [FromQuery] long? after, [FromQuery] string? model, [FromQuery] string? environment, [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        HttpContext http, EventFeed feed, RegistryEventHub hub, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        long? resumeFrom = after;
        if (lastEventId is { Length: > 0 })
        {
            if (long.TryParse(lastEventId, out var id) && id >= 0)
            {
                resumeFrom = id;
            }
            else
            {
                errors.Add("Last-Event-ID", "Last-Event-ID is the id of the last event received (a number).");
            }
        }
        if (after is < 0)
        {
            errors.Add("after", "after is an event id (0 or more).");
        }
        if (model is not null && ModelName.Problem(model) is { } modelProblem)
        {
            errors.Add("model", modelProblem);
        }
        // Without ?environment= the stream carries the default environment only, as it did before environments;
        // "*" carries every environment.
        var environmentFilter = environment == "*" ? null : Aliases.AliasEnvironment.Resolve(environment, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var last = resumeFrom ?? await feed.LastIdAsync(cancellationToken);
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.WriteAsync($"retry: 1000\n: resuming after {last}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var signal = hub.NextChange;
                var events = await feed.ReadAfterAsync(last, model, environmentFilter, 500, cancellationToken);
                foreach (var e in events)
                {
                    await response.WriteAsync($"id: {e.Id}\nevent: {e.Kind}\ndata: {JsonSerializer.Serialize(e, RegistryJsonContext.Default.RegistryEvent)}\n\n", cancellationToken);
                    last = e.Id;
                }
                if (events.Count > 0)
                {
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }
                if (await Task.WhenAny(signal, Task.Delay(KeepAlive, cancellationToken)) != signal)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The subscriber went away.
        }
        return Results.Empty;
    }
}
