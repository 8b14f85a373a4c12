using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reference.FeatureStore.Tests.Support;

// A small OTLP/HTTP receiver in the test process: the services under test export to it as to any collector;
// metric exports are parsed from protobuf, traces and logs are accepted and counted.
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpMetricPoint> _points = new();
    private WebApplication _app = null!;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Endpoint { get; private set; } = "";

    public ConcurrentQueue<string> ContentTypes { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/{signal}", async (string signal, HttpContext context) =>
        {
            using var body = new MemoryStream();
            var stream = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
            await stream.CopyToAsync(body);
            receiver.ContentTypes.Enqueue(context.Request.ContentType ?? "");
            if (signal == "metrics")
            {
                foreach (var point in OtlpMetricsParser.Parse(body.ToArray()))
                {
                    receiver._points.Enqueue(point);
                }
                Interlocked.Exchange(ref receiver._arrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
            // An empty Export*ServiceResponse: full success.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        receiver._app = app;
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    // Waits for exported points that satisfy the condition (each export wakes the check).
    public async Task<IReadOnlyList<OtlpMetricPoint>> WaitForAsync(Func<IReadOnlyList<OtlpMetricPoint>, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = _arrived.Task;
            var points = _points.ToArray();
            if (condition(points))
            {
                return points;
            }
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var names = string.Join(", ", points.Select(p => p.Metric).Distinct().Order());
                throw new TimeoutException($"No export satisfied the condition within {timeout.TotalSeconds} s; metrics seen: {names}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
