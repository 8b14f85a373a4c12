using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Reference.Observability.Tests.Support;

// Runs the real OpenTelemetry .NET SDK and OTLP exporter in the test and keeps the bodies it would send, so the tests
// replay exactly what the exporter produces (as protobuf, and rendered as OTLP/JSON).
internal sealed class CapturedExport : HttpMessageHandler
{
    private readonly List<byte[]> bodies = [];

    public IReadOnlyList<byte[]> Bodies => bodies;

    // The exporter sends synchronously (HttpClient.Send), so both paths are captured.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        request.Content!.CopyTo(stream, null, cancellationToken);
        lock (bodies)
        {
            bodies.Add(stream.ToArray());
        }
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));

    private void Configure(OtlpExporterOptions options, string signal)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = new Uri($"http://capture.invalid/v1/{signal}");
        options.HttpClientFactory = () => new HttpClient(this, disposeHandler: false);
    }

    /// <summary>The spans of one trace (a server span with a client child and an error), exported once.</summary>
    public static (byte[] Body, string TraceId) Traces(string service)
    {
        var capture = new CapturedExport();
        var sourceName = "test." + service;
        using var source = new ActivitySource(sourceName);
        string traceId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceName)
            .AddOtlpExporter(options => capture.Configure(options, "traces"))
            .Build())
        {
            // A root span: nothing ambient from the test host may become its parent.
            Activity.Current = null;
            using (var root = source.StartActivity("GET /orders/{id}", ActivityKind.Server)!)
            {
                root.SetTag("http.route", "/orders/{id}");
                traceId = root.TraceId.ToHexString();
                using (var child = source.StartActivity("SELECT orders", ActivityKind.Client)!)
                {
                    child.SetTag("db.system", "postgresql");
                    child.AddEvent(new ActivityEvent("retry"));
                    child.SetStatus(ActivityStatusCode.Error, "timeout");
                }
            }
            provider.ForceFlush();
        }
        return (Single(capture), traceId);
    }

    public static byte[] Logs(string service, string message)
    {
        var capture = new CapturedExport();
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.IncludeFormattedMessage = true;
            options.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service));
            options.AddProcessor(new SimpleLogRecordExportProcessor(new OtlpLogExporter(Options(capture, "logs"))));
        })))
        {
            factory.CreateLogger("Test.Orders").LogWarning("{Message} for order {OrderId}", message, 42);
        }
        return Single(capture);
    }

    public static byte[] Metrics(string service, string instrument)
    {
        var capture = new CapturedExport();
        var meterName = "test." + service;
        using var meter = new Meter(meterName);
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddMeter(meterName)
            .AddOtlpExporter(options => capture.Configure(options, "metrics"))
            .Build())
        {
            var histogram = meter.CreateHistogram<double>(instrument, "s", "test durations");
            histogram.Record(0.25, new KeyValuePair<string, object?>("route", "/a"));
            histogram.Record(0.75, new KeyValuePair<string, object?>("route", "/a"));
            meter.CreateCounter<long>(instrument + ".count").Add(3);
            provider.ForceFlush();
        }
        return capture.bodies[0];
    }

    private static OtlpExporterOptions Options(CapturedExport capture, string signal)
    {
        var options = new OtlpExporterOptions();
        capture.Configure(options, signal);
        return options;
    }

    private static byte[] Single(CapturedExport capture)
    {
        Assert.True(capture.bodies.Count >= 1, "The exporter sent nothing.");
        return capture.bodies[0];
    }
}
