using Google.Protobuf.Collections;
using Reference.Observability.Otlp.Common;
using Reference.Observability.Otlp.Collector.Metrics;
using Reference.Observability.Otlp.Metrics;

namespace Reference.Observability.Ingest;

/// <summary>Turns an export request into one row per data point, and the instruments seen into picker rows.</summary>
internal static class MetricFlattener
{
    private const uint NoRecordedValue = (uint)DataPointFlags.NoRecordedValueMask;

    public static FlattenResult Flatten(ExportMetricsServiceRequest request, TelemetryBatch batch, DateTime receivedAt)
    {
        long rejected = 0;
        string? error = null;
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var service = ServiceNames.Of(resourceMetrics.Resource);
            // Cumulative points of two replicas of one service are two series: the instance id keeps them apart.
            var instance = ServiceNames.Instance(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    if (metric.Name.Length == 0)
                    {
                        var points = PointCount(metric);
                        rejected += points;
                        error ??= points > 0 ? "its metric has no name" : null;
                        continue;
                    }
                    var name = StoredText.Clean(metric.Name);
                    var before = batch.Points.Count;
                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            AddNumbers(batch, service, instance, name, MetricKinds.Gauge, metric.Gauge.DataPoints, ref rejected, ref error);
                            break;
                        case Metric.DataOneofCase.Sum:
                            AddNumbers(batch, service, instance, name, MetricKinds.Sum, metric.Sum.DataPoints, ref rejected, ref error);
                            break;
                        case Metric.DataOneofCase.Histogram:
                            foreach (var point in metric.Histogram.DataPoints)
                            {
                                if (!Valid(point.TimeUnixNano, point.Flags, ref rejected, ref error))
                                {
                                    continue;
                                }
                                if (point.BucketCounts.Count != 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
                                {
                                    rejected++;
                                    error ??= "its histogram has a bucket count that is not one more than its bounds";
                                    continue;
                                }
                                batch.Points.Add(new MetricPointRow(
                                    UnixNanos.ToDateTime(point.TimeUnixNano), service, name, MetricKinds.Histogram, AttributeJson.Write(instance, point.Attributes),
                                    null, (long)point.Count, point.HasSum ? point.Sum : null, point.HasMin ? point.Min : null, point.HasMax ? point.Max : null,
                                    [.. point.BucketCounts.Select(c => (long)c)], [.. point.ExplicitBounds]));
                            }
                            break;
                        case Metric.DataOneofCase.ExponentialHistogram:
                            foreach (var point in metric.ExponentialHistogram.DataPoints)
                            {
                                if (Valid(point.TimeUnixNano, point.Flags, ref rejected, ref error))
                                {
                                    batch.Points.Add(new MetricPointRow(
                                        UnixNanos.ToDateTime(point.TimeUnixNano), service, name, MetricKinds.ExponentialHistogram, AttributeJson.Write(instance, point.Attributes),
                                        null, (long)point.Count, point.HasSum ? point.Sum : null, point.HasMin ? point.Min : null, point.HasMax ? point.Max : null, null, null));
                                }
                            }
                            break;
                        case Metric.DataOneofCase.Summary:
                            foreach (var point in metric.Summary.DataPoints)
                            {
                                if (Valid(point.TimeUnixNano, point.Flags, ref rejected, ref error))
                                {
                                    batch.Points.Add(new MetricPointRow(
                                        UnixNanos.ToDateTime(point.TimeUnixNano), service, name, MetricKinds.Summary, AttributeJson.Write(instance, point.Attributes),
                                        null, (long)point.Count, point.Sum, null, null, null, null));
                                }
                            }
                            break;
                    }
                    if (batch.Points.Count > before)
                    {
                        batch.Instruments.Add(new MetricInstrumentRow(
                            service, name, batch.Points[^1].Kind, StoredText.Clean(metric.Unit), StoredText.Clean(metric.Description), receivedAt));
                    }
                }
            }
        }
        return new FlattenResult(rejected, error is null ? null : $"{rejected} data point(s) rejected; the first because {error}");
    }

    private static void AddNumbers(TelemetryBatch batch, string service, RepeatedField<KeyValue>? instance, string name, short kind, IEnumerable<NumberDataPoint> points, ref long rejected, ref string? error)
    {
        foreach (var point in points)
        {
            if (!Valid(point.TimeUnixNano, point.Flags, ref rejected, ref error))
            {
                continue;
            }
            double value = point.ValueCase switch
            {
                NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
                NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
                _ => double.NaN,
            };
            if (!double.IsFinite(value))
            {
                rejected++;
                error ??= "its data point has no finite value";
                continue;
            }
            batch.Points.Add(new MetricPointRow(
                UnixNanos.ToDateTime(point.TimeUnixNano), service, name, kind, AttributeJson.Write(instance, point.Attributes), value, null, null, null, null, null, null));
        }
    }

    // A point flagged "no recorded value" is a legitimate gap, neither stored nor rejected.
    private static bool Valid(ulong time, uint flags, ref long rejected, ref string? error)
    {
        if ((flags & NoRecordedValue) != 0)
        {
            return false;
        }
        if (!UnixNanos.IsValid(time))
        {
            rejected++;
            error ??= "its data point has no time";
            return false;
        }
        return true;
    }

    private static int PointCount(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 0,
    };
}
