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
            });

        await service.Client.GetAsync("/health");
        await service.Client.SendAsync(TestTokens.Request(HttpMethod.Get, "/score", TestTokens.Create([Roles.Viewer])));
        await service.App.StopAsync();
        await service.DisposeAsync();

        var traces = await collector.Received("/v1/traces");
        await collector.Received("/v1/metrics");
        await collector.Received("/v1/logs");
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
                collector.Signal(context.Request.Path).TrySetResult(Encoding.UTF8.GetString(body.ToArray()));
                return Results.Ok();
            }));
            return collector;
        }

        public Task<string> Received(string path) => Signal(path).Task.WaitAsync(TimeSpan.FromSeconds(20));

        private TaskCompletionSource<string> Signal(string path) =>
            _signals.GetOrAdd(path, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
