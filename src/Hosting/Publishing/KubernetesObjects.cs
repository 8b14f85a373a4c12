using System.Globalization;
using System.Text.RegularExpressions;

namespace Reference.Hosting.Publishing;

/// <summary>Builders for the Kubernetes objects the publisher writes, hardened the same way everywhere.</summary>
internal static partial class KubernetesObjects
{
    public const string NameLabel = "app.kubernetes.io/name";
    public const string HttpPort = "8080";
    public const int ContainerPort = 8080;

    public static YamlMap Metadata(string name, YamlMap? labels = null, YamlMap? annotations = null)
    {
        var metadata = new YamlMap { { "name", name } };
        if (labels is { Count: > 0 })
        {
            metadata.Add("labels", labels);
        }

        if (annotations is { Count: > 0 })
        {
            metadata.Add("annotations", annotations);
        }

        return metadata;
    }

    public static YamlMap Object(string apiVersion, string kind, YamlMap metadata, params (string Key, object Value)[] fields)
    {
        var map = new YamlMap { { "apiVersion", apiVersion }, { "kind", kind }, { "metadata", metadata } };
        foreach (var (key, value) in fields)
        {
            map.Add(key, value);
        }

        return map;
    }

    public static YamlMap ConfigMap(string name, IEnumerable<KeyValuePair<string, string>> data, YamlMap? labels = null)
    {
        var values = new YamlMap();
        foreach (var (key, value) in data.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            values.Add(key, value);
        }

        return Object("v1", "ConfigMap", Metadata(name, labels), ("data", values));
    }

    /// <summary>Non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp.</summary>
    public static YamlMap PodSecurityContext(int user) => new()
    {
        { "runAsNonRoot", true },
        { "runAsUser", user },
        { "runAsGroup", user },
        { "fsGroup", user },
        { "seccompProfile", new YamlMap { { "type", "RuntimeDefault" } } },
    };

    public static YamlMap ContainerSecurityContext() => new()
    {
        { "allowPrivilegeEscalation", false },
        { "readOnlyRootFilesystem", true },
        { "runAsNonRoot", true },
        { "capabilities", new YamlMap { { "drop", new List<object> { "ALL" } } } },
        { "seccompProfile", new YamlMap { { "type", "RuntimeDefault" } } },
    };

    public static YamlMap Resources(double cpu, double memoryGb, int gpus)
    {
        var requests = new YamlMap { { "cpu", Cpu(cpu) }, { "memory", Memory(memoryGb) } };
        var limits = new YamlMap { { "memory", Memory(memoryGb) } };
        if (gpus > 0)
        {
            limits.Add("nvidia.com/gpu", gpus.ToString(CultureInfo.InvariantCulture));
        }

        return new YamlMap { { "requests", requests }, { "limits", limits } };
    }

    public static string Cpu(double cores) => $"{Math.Max(1, (int)Math.Round(cores * 1000)).ToString(CultureInfo.InvariantCulture)}m";

    public static string Memory(double gb) => $"{Math.Max(1, (int)Math.Round(gb * 1024)).ToString(CultureInfo.InvariantCulture)}Mi";

    public static YamlMap HttpProbe(string path, int period, int failures) => new()
    {
        { "httpGet", new YamlMap { { "path", path }, { "port", "http" } } },
        { "periodSeconds", period },
        { "timeoutSeconds", 2 },
        { "failureThreshold", failures },
    };

    public static YamlMap TmpVolume() => new() { { "name", "tmp" }, { "emptyDir", new YamlMap() } };

    public static YamlMap Mount(string name, string path) => new() { { "name", name }, { "mountPath", path } };

    /// <summary>A label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit.</summary>
    public static string LabelValue(string text)
    {
        var cleaned = LabelInvalid().Replace(text, "-");
        cleaned = cleaned.Length > 63 ? cleaned[..63] : cleaned;
        cleaned = cleaned.Trim('-', '_', '.');
        return cleaned.Length == 0 ? "none" : cleaned;
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex LabelInvalid();
}
