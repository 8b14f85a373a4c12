using Microsoft.AspNetCore.Http.HttpResults;
using Reference.Observability.Ingest;
using Reference.Observability.Otlp.Collector.Logs;
using Reference.Observability.Otlp.Collector.Metrics;
using Reference.Observability.Otlp.Collector.Trace;

namespace Reference.Observability.Apis;

public static class OtlpApi
{
    // Exporters send no platform token (OTLP has no such notion): the receiver is anonymous, like a collector's.
    public static IEndpointRouteBuilder MapOtlpApi(this IEndpointRouteBuilder app)
    {
        var otlp = app.MapGroup("/v1").WithTags("OTLP").AllowAnonymous();
        otlp.MapPost("/traces", ExportTracesAsync);
        otlp.MapPost("/logs", ExportLogsAsync);
        otlp.MapPost("/metrics", ExportMetricsAsync);
        return app;
    }

    internal static Task<Results<OtlpExportResult, ProblemHttpResult>> ExportTracesAsync(HttpContext http, OtlpReceiver receiver, CancellationToken cancellationToken) =>
        receiver.ReceiveAsync(http, ExportTraceServiceRequest.Parser, (request, batch, _) => TraceFlattener.Flatten(request, batch),
            result => new ExportTraceServiceResponse
            {
                PartialSuccess = result.Rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = result.Rejected, ErrorMessage = result.ErrorMessage ?? "" },
            },
            cancellationToken);

    internal static Task<Results<OtlpExportResult, ProblemHttpResult>> ExportLogsAsync(HttpContext http, OtlpReceiver receiver, CancellationToken cancellationToken) =>
        receiver.ReceiveAsync(http, ExportLogsServiceRequest.Parser, LogFlattener.Flatten,
            result => new ExportLogsServiceResponse
            {
                PartialSuccess = result.Rejected == 0 ? null : new ExportLogsPartialSuccess { RejectedLogRecords = result.Rejected, ErrorMessage = result.ErrorMessage ?? "" },
            },
            cancellationToken);

    internal static Task<Results<OtlpExportResult, ProblemHttpResult>> ExportMetricsAsync(HttpContext http, OtlpReceiver receiver, CancellationToken cancellationToken) =>
        receiver.ReceiveAsync(http, ExportMetricsServiceRequest.Parser, MetricFlattener.Flatten,
            result => new ExportMetricsServiceResponse
            {
                PartialSuccess = result.Rejected == 0 ? null : new ExportMetricsPartialSuccess { RejectedDataPoints = result.Rejected, ErrorMessage = result.ErrorMessage ?? "" },
            },
            cancellationToken);
}
