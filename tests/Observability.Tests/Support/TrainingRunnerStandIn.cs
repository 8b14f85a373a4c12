using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reference.Observability.Tests.Support;

/// <summary>One POST /api/triggers/drift as the training runner received it.</summary>
public sealed record ReceivedTrigger(string Model, string Reason, string? IdempotencyKey, string? Authorization);

// The training runner is being built elsewhere; this real HTTP server stands in for its trigger endpoint, so the test
// sees exactly what the observability service sends over the wire.
public sealed class TrainingRunnerStandIn : IAsyncDisposable
{
    private readonly WebApplication app;

    private TrainingRunnerStandIn(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedTrigger> Received { get; } = new();

    public string Url => app.Urls.First();

    public static async Task<TrainingRunnerStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new TrainingRunnerStandIn(app);
        app.MapPost("/api/triggers/drift", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            standIn.Received.Enqueue(new ReceivedTrigger(
                body.RootElement.GetProperty("model").GetString()!, body.RootElement.GetProperty("reason").GetString()!,
                http.Request.Headers["Idempotency-Key"].FirstOrDefault(), http.Request.Headers.Authorization.FirstOrDefault()));
            return Results.Accepted(value: new { jobId = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
