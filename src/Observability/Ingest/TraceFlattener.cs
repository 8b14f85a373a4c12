using Reference.Observability.Otlp.Collector.Trace;
using Reference.Observability.Otlp.Trace;

namespace Reference.Observability.Ingest;

/// <summary>Turns an export request into span rows; spans that break the OTLP rules are counted as rejected, not stored.</summary>
internal static class TraceFlattener
{
    public static FlattenResult Flatten(ExportTraceServiceRequest request, TelemetryBatch batch)
    {
        long rejected = 0;
        string? error = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = ServiceNames.Of(resourceSpans.Resource);
            var resource = AttributeJson.Write(ServiceNames.Attributes(resourceSpans.Resource), null);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = ServiceNames.ScopeName(scopeSpans.Scope);
                foreach (var span in scopeSpans.Spans)
                {
                    if (Problem(span) is { } problem)
                    {
                        rejected++;
                        error ??= problem;
                        continue;
                    }
                    var start = UnixNanos.ToDateTime(span.StartTimeUnixNano);
                    var end = UnixNanos.ToDateTime(span.EndTimeUnixNano);
                    batch.Spans.Add(new SpanRow(
                        span.TraceId.ToByteArray(),
                        span.SpanId.ToByteArray(),
                        span.ParentSpanId.IsEmpty ? null : span.ParentSpanId.ToByteArray(),
                        service,
                        StoredText.Clean(span.Name),
                        (short)span.Kind,
                        start,
                        end,
                        (long)(span.EndTimeUnixNano - span.StartTimeUnixNano),
                        (short)(span.Status?.Code ?? Status.Types.StatusCode.Unset),
                        span.Status is { Message.Length: > 0 } status ? StoredText.Clean(status.Message) : null,
                        scope,
                        AttributeJson.Write(span.Attributes),
                        resource,
                        span.Events.Count == 0 ? null : AttributeJson.WriteEvents(span.Events)));
                }
            }
        }
        return new FlattenResult(rejected, error is null ? null : $"{rejected} span(s) rejected; the first because {error}");
    }

    private static string? Problem(Span span)
    {
        if (span.TraceId.Length != 16 || IsZero(span.TraceId.Span))
        {
            return "its trace_id is not 16 bytes with at least one non-zero byte";
        }
        if (span.SpanId.Length != 8 || IsZero(span.SpanId.Span))
        {
            return "its span_id is not 8 bytes with at least one non-zero byte";
        }
        if (!span.ParentSpanId.IsEmpty && span.ParentSpanId.Length != 8)
        {
            return "its parent_span_id is neither empty nor 8 bytes";
        }
        if (!UnixNanos.IsValid(span.StartTimeUnixNano) || !UnixNanos.IsValid(span.EndTimeUnixNano))
        {
            return "its start or end time is missing";
        }
        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return "it ends before it starts";
        }
        return null;
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
