using System.Text.Json;
using Reference.ServiceDefaults;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;

namespace Reference.TrainingRunner.Apis;

// GET /api/jobs/{id}/events: the job's events as Server-Sent Events, from the start or after Last-Event-ID, until
// the job ends. Workers are other processes, so the stream follows the events table (woken by NOTIFY).
public static class JobEventStream
{
    public static async Task<IResult> StreamAsync(string id, HttpContext http, JobStore store, JobEventSignal signal, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return new ValidationErrors().Add("id", $"'{id}' is not a job id (a UUID).").ToProblem();
        }
        if (await store.GetAsync(jobId, cancellationToken) is null)
        {
            return Problems.NotFound($"There is no job {id}.");
        }
        long after = 0;
        if (long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var lastEventId) || long.TryParse(http.Request.Query["after"].ToString(), out lastEventId))
        {
            after = lastEventId;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.Body.FlushAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wake = signal.WaitAsync(jobId, TimeSpan.FromSeconds(2), cancellationToken);
                var events = await store.EventsAfterAsync(jobId, after, cancellationToken);
                var ended = false;
                foreach (var item in events)
                {
                    await http.Response.WriteAsync($"id: {item.Id}\nevent: {item.Kind}\ndata: {JsonSerializer.Serialize(item, TrainingJsonContext.Default.JobEvent)}\n\n", cancellationToken);
                    after = item.Id;
                    ended |= item.Kind == "state" && item.Data.TryGetProperty("state", out var state) && JobStates.IsFinal(state.GetString()!);
                }
                await http.Response.Body.FlushAsync(cancellationToken);
                if (ended)
                {
                    break;
                }
                if (events.Count == 0)
                {
                    await wake;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        return Results.Empty;
    }
}
