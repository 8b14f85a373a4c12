using Google.Protobuf;

namespace Reference.FeatureStore.Tests.Support;

// Reads an OTLP ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1) from its protobuf wire
// form, keeping gauges and sums: enough to check what a service exports without generated classes. Field numbers
// are the proto's: ResourceMetrics{1 resource, 2 scope_metrics}, ScopeMetrics{2 metrics}, Metric{1 name, 3 unit,
// 5 gauge, 7 sum}, Gauge/Sum{1 data_points}, NumberDataPoint{3 time_unix_nano, 4 as_double, 6 as_int, 7 attributes}.
public static class OtlpMetricsParser
{
    public static List<OtlpMetricPoint> Parse(byte[] body)
    {
        var points = new List<OtlpMetricPoint>();
        foreach (var resourceMetrics in Messages(body, 1))
        {
            var resource = new Dictionary<string, string>();
            foreach (var r in Messages(resourceMetrics, 1))
            {
                ReadAttributes(r, 1, resource);
            }
            foreach (var scope in Messages(resourceMetrics, 2))
            {
                foreach (var metric in Messages(scope, 2))
                {
                    ReadMetric(metric, resource, points);
                }
            }
        }
        return points;
    }

    private static void ReadMetric(byte[] metric, Dictionary<string, string> resource, List<OtlpMetricPoint> points)
    {
        string name = "", unit = "";
        var data = new List<(string Kind, byte[] Body)>();
        var input = new CodedInputStream(metric);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 3: unit = input.ReadString(); break;
                case 5: data.Add(("gauge", input.ReadBytes().ToByteArray())); break;
                case 7: data.Add(("sum", input.ReadBytes().ToByteArray())); break;
                default: input.SkipLastField(); break;
            }
        }
        foreach (var (kind, body) in data)
        {
            foreach (var point in Messages(body, 1))
            {
                var attributes = new Dictionary<string, string>();
                double value = 0;
                ulong time = 0;
                var p = new CodedInputStream(point);
                while ((tag = p.ReadTag()) != 0)
                {
                    switch (WireFormat.GetTagFieldNumber(tag))
                    {
                        case 3: time = p.ReadFixed64(); break;
                        case 4: value = p.ReadDouble(); break;
                        case 6: value = p.ReadSFixed64(); break;
                        case 7: ReadKeyValue(p.ReadBytes().ToByteArray(), attributes); break;
                        default: p.SkipLastField(); break;
                    }
                }
                points.Add(new OtlpMetricPoint(name, kind, unit, resource, attributes, value, time));
            }
        }
    }

    private static void ReadAttributes(byte[] message, int field, Dictionary<string, string> into)
    {
        foreach (var keyValue in Messages(message, field))
        {
            ReadKeyValue(keyValue, into);
        }
    }

    // KeyValue{1 key, 2 AnyValue{1 string_value}}.
    private static void ReadKeyValue(byte[] keyValue, Dictionary<string, string> into)
    {
        string? key = null, value = null;
        var input = new CodedInputStream(keyValue);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2:
                    var any = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint anyTag;
                    while ((anyTag = any.ReadTag()) != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(anyTag) == 1)
                        {
                            value = any.ReadString();
                        }
                        else
                        {
                            any.SkipLastField();
                        }
                    }
                    break;
                default: input.SkipLastField(); break;
            }
        }
        if (key is not null && value is not null)
        {
            into[key] = value;
        }
    }

    // The embedded messages with the given field number, in order.
    private static IEnumerable<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }
}
