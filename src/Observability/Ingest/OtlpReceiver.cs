using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;
using Reference.ServiceDefaults;

namespace Reference.Observability.Ingest;

/// <summary>
/// One OTLP/HTTP export: content negotiation, overload (429 with Retry-After when the queue is full), parsing (400 for
/// a malformed body, nothing stored), flattening with partial success, and waiting until the rows are committed.
/// </summary>
internal sealed class OtlpReceiver(IngestQueue queue, IOptions<IngestOptions> options, TimeProvider time, ILogger<OtlpReceiver> logger)
{
    public async Task<Results<OtlpExportResult, ProblemHttpResult>> ReceiveAsync<TRequest>(
        HttpContext http,
        MessageParser<TRequest> parser,
        Func<TRequest, TelemetryBatch, DateTime, FlattenResult> flatten,
        Func<FlattenResult, IMessage> respond,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>, new()
    {
        var settings = options.Value;
        if (OtlpContentTypes.Of(http.Request.ContentType) is not { } encoding)
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{http.Request.ContentType}' is not OTLP; send {OtlpContentTypes.Protobuf} or {OtlpContentTypes.Json}.");
        }
        // Refuse before reading the body: a saturated receiver should cost its clients as little as possible.
        if (queue.Count >= settings.QueueCapacity)
        {
            return Overloaded(http, settings);
        }

        var payload = await OtlpPayloadReader.ReadAsync(http.Request, encoding, parser, settings.MaxRequestBytes, cancellationToken);
        if (payload.Message is not { } request)
        {
            return Problems.Status(payload.Status, payload.Problem!);
        }

        var batch = new TelemetryBatch();
        var result = flatten(request, batch, time.GetUtcNow().UtcDateTime);
        if (batch.RowCount > 0)
        {
            if (!queue.TryEnqueue(batch))
            {
                return Overloaded(http, settings);
            }
            try
            {
                await batch.Written;
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "An export request was not stored");
                http.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "The telemetry could not be stored just now; retry after the Retry-After delay.");
            }
        }
        return new OtlpExportResult(respond(result), encoding);
    }

    private static ProblemHttpResult Overloaded(HttpContext http, IngestOptions settings)
    {
        http.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Status(StatusCodes.Status429TooManyRequests,
            $"The ingest queue is full ({settings.QueueCapacity} requests waiting to be stored); retry after {settings.RetryAfterSeconds} s.");
    }
}
