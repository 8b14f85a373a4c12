using Reference.Observability.Otlp.Collector.Logs;

namespace Reference.Observability.Ingest;

/// <summary>Turns an export request into log rows; records with malformed ids are rejected.</summary>
internal static class LogFlattener
{
    public static FlattenResult Flatten(ExportLogsServiceRequest request, TelemetryBatch batch, DateTime receivedAt)
    {
        long rejected = 0;
        string? error = null;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var service = ServiceNames.Of(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = ServiceNames.ScopeName(scopeLogs.Scope);
                foreach (var record in scopeLogs.LogRecords)
                {
                    if (!record.TraceId.IsEmpty && record.TraceId.Length != 16)
                    {
                        rejected++;
                        error ??= "its trace_id is neither empty nor 16 bytes";
                        continue;
                    }
                    if (!record.SpanId.IsEmpty && record.SpanId.Length != 8)
                    {
                        rejected++;
                        error ??= "its span_id is neither empty nor 8 bytes";
                        continue;
                    }
                    if ((int)record.SeverityNumber is < 0 or > 24)
                    {
                        rejected++;
                        error ??= "its severity_number is outside 0 to 24";
                        continue;
                    }
                    // The specification: use the observed time when the event time is unknown.
                    var time = UnixNanos.IsValid(record.TimeUnixNano) ? UnixNanos.ToDateTime(record.TimeUnixNano)
                        : UnixNanos.IsValid(record.ObservedTimeUnixNano) ? UnixNanos.ToDateTime(record.ObservedTimeUnixNano)
                        : receivedAt;
                    var attributes = record.Attributes;
                    batch.Logs.Add(new LogRow(
                        time,
                        service,
                        (short)record.SeverityNumber,
                        record.SeverityText.Length == 0 ? null : StoredText.Clean(record.SeverityText),
                        StoredText.Clean(AttributeJson.Text(record.Body)),
                        record.TraceId.IsEmpty ? null : record.TraceId.ToByteArray(),
                        record.SpanId.IsEmpty ? null : record.SpanId.ToByteArray(),
                        scope,
                        record.EventName.Length == 0 ? AttributeJson.Write(attributes) : AttributeJson.Write(attributes, EventName(record.EventName))));
                }
            }
        }
        return new FlattenResult(rejected, error is null ? null : $"{rejected} log record(s) rejected; the first because {error}");
    }

    private static Google.Protobuf.Collections.RepeatedField<Otlp.Common.KeyValue> EventName(string name) =>
        [new Otlp.Common.KeyValue { Key = "event.name", Value = new Otlp.Common.AnyValue { StringValue = name } }];
}
