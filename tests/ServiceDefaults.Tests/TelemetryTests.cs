using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Traces_metrics_and_logs_reach_the_otlp_endpoint_as_http_protobuf()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var service = await TestApp.StartServiceAsync(
            app => app.MapGet("/score", (ServiceInstrumentation instrumentation) =>
            {
                using var activity = instrumentation.ActivitySource.StartActivity("compute-score");
                return "0.93";
            }),
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress.ToString(),
                ["OTEL_SERVICE_NAME"] = "scoring-service",
                // Export while running, not only in the flush at stop: that flush has a 1 s deadline (so that a stop
                // does not wait on a receiver that is gone), which a loaded test machine can miss.
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            });

        await service.Client.GetAsync("/health");
        await service.Client.SendAsync(TestTokens.Request(HttpMethod.Get, "/score", TestTokens.Create([Roles.Viewer])));

        // Spans can arrive over several exports; wait for the request's own span.
        var traces = await collector.Received("/v1/traces", until: "GET /score");
        await collector.Received("/v1/metrics");
        await collector.Received("/v1/logs");
        await service.App.StopAsync();
        await service.DisposeAsync();
        Assert.All(collector.Requests, request => Assert.Equal("application/x-protobuf", request.ContentType));
        Assert.Contains("compute-score", traces);
        Assert.Contains(TestApp.ApplicationName, traces);
        Assert.Contains("scoring-service", traces);
        Assert.Contains("GET /score", traces);
        Assert.DoesNotContain("GET /health", traces);
    }

    [Fact]
    public async Task Service_instrumentation_is_named_after_the_entry_assembly()
    {
        await using var service = await TestApp.StartServiceAsync(_ => { });

        var instrumentation = service.Services.GetRequiredService<ServiceInstrumentation>();

        Assert.Equal(TestApp.ApplicationName, instrumentation.Name);
        Assert.Equal(TestApp.ApplicationName, instrumentation.ActivitySource.Name);
        Assert.Equal(TestApp.ApplicationName, instrumentation.Meter.Name);
    }

    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _signals = new();
        private TestApp _app = null!;

        public Uri BaseAddress => _app.BaseAddress;

        public ConcurrentQueue<(string Path, string? ContentType)> Requests { get; } = new();

        public static async Task<OtlpCollector> StartAsync()
        {
            var collector = new OtlpCollector();
            collector._app = await TestApp.StartBackendAsync(app => app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector.Requests.Enqueue((context.Request.Path, context.Request.ContentType));
                // Protobuf keeps strings as UTF-8, enough to look for names without the OTLP schema.
                collector.Add(context.Request.Path, Encoding.UTF8.GetString(body.ToArray()));
                return Results.Ok();
            }));
            return collector;
        }

        private readonly ConcurrentDictionary<string, string> _bodies = new();

        // Everything received on the path so far, once it contains `until` (or anything, without it).
        public Task<string> Received(string path, string until = "") =>
            Signal(path + "\u001f" + until).Task.WaitAsync(TimeSpan.FromSeconds(20));

        private void Add(string path, string body)
        {
            var all = _bodies.AddOrUpdate(path, body, (_, earlier) => earlier + body);
            foreach (var (key, signal) in _signals)
            {
                var parts = key.Split('\u001f');
                if (parts[0] == path && all.Contains(parts[1], StringComparison.Ordinal))
                {
                    signal.TrySetResult(all);
                }
            }
        }

        private TaskCompletionSource<string> Signal(string key)
        {
            var signal = _signals.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
            var parts = key.Split('\u001f');
            if (_bodies.TryGetValue(parts[0], out var all) && all.Contains(parts[1], StringComparison.Ordinal))
            {
                signal.TrySetResult(all);
            }
            return signal;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
