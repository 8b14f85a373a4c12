using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;

namespace Reference.ServiceDefaults;

// Settings shared by the trace, metric and log exporters. The SDK reads the standard OTEL_* keys itself.
internal static class OtlpExport
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string ResourceAttributesKey = "OTEL_RESOURCE_ATTRIBUTES";

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointKey]);

    public static Action<OtlpExporterOptions> ConfigureExporter(IConfiguration configuration) => options =>
    {
        // The platform's receivers speak HTTP/protobuf; the SDK's own default is gRPC.
        if (string.IsNullOrWhiteSpace(configuration[ProtocolKey]))
        {
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
        }

        // A plain client: the IHttpClientFactory defaults (discovery, retries, service tokens) must not apply to export.
        var timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds);
        options.HttpClientFactory = () => new HttpClient { Timeout = timeout };
    };

    public static ResourceBuilder ServiceResource(IConfiguration configuration, string fallbackServiceName)
    {
        var resource = ResourceBuilder.CreateDefault();
        var namedByEnvironment = !string.IsNullOrWhiteSpace(configuration[ServiceNameKey])
            || (configuration[ResourceAttributesKey]?.Contains("service.name=", StringComparison.Ordinal) ?? false);
        if (!namedByEnvironment)
        {
            resource.AddService(fallbackServiceName, autoGenerateServiceInstanceId: false);
        }
        return resource;
    }
}
