using Google.Protobuf.Collections;
using Reference.Observability.Otlp.Common;

namespace Reference.Observability.Ingest;

internal static class ServiceNames
{
    // The SDKs' own default when no service name is set.
    public const string Unknown = "unknown_service";

    public static string Of(Otlp.Resource.Resource? resource) =>
        StoredText.Clean(AttributeJson.Find(resource?.Attributes, "service.name") is { Length: > 0 } name ? name : Unknown);

    public static string? ScopeName(InstrumentationScope? scope) => scope is null || scope.Name.Length == 0 ? null : StoredText.Clean(scope.Name);

    /// <summary>The resource's service.instance.id as an attribute list of one, or null when it has none.</summary>
    public static RepeatedField<KeyValue>? Instance(Otlp.Resource.Resource? resource)
    {
        var instance = resource?.Attributes.FirstOrDefault(a => a.Key == "service.instance.id");
        return instance is null ? null : [instance];
    }

    public static RepeatedField<KeyValue>? Attributes(Otlp.Resource.Resource? resource) => resource?.Attributes;
}
