using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Reference.ServiceDefaults;

// Resolves http://model-registry (or https+http://model-registry) to the URLs configured as
// services:model-registry:http:0, :1, ... (environment services__model-registry__http__0), round robin.
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.OrdinalIgnoreCase);

    // Single-label host names (no dots, not localhost, not an IP address) and schemes such as
    // "https+http" name services; everything else goes to the network as written.
    public static bool IsServiceReference(Uri uri) =>
        uri.IsAbsoluteUri
        && (uri.Scheme.Contains('+')
            || (uri.HostNameType == UriHostNameType.Dns
                && !uri.Host.Contains('.')
                && !string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)));

    public Uri Resolve(Uri uri)
    {
        var service = uri.Host;
        var endpointNames = uri.Scheme.Split('+');
        foreach (var endpointName in endpointNames)
        {
            var section = configuration.GetSection($"services:{service}:{endpointName}");
            var replicas = section.GetChildren()
                .Where(replica => !string.IsNullOrWhiteSpace(replica.Value))
                .OrderBy(replica => int.TryParse(replica.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
                .ToArray();
            if (replicas.Length == 0)
            {
                continue;
            }

            var replica = replicas[_counters.GetOrAdd($"{service}:{endpointName}", _ => new Counter()).Next() % (uint)replicas.Length];
            if (!Uri.TryCreate(replica.Value, UriKind.Absolute, out var endpoint))
            {
                throw new InvalidOperationException(
                    $"Configuration key '{replica.Path}' for service '{service}' holds '{replica.Value}', which is not an absolute URL such as http://localhost:5080.");
            }
            return Combine(endpoint, uri);
        }

        var key = $"services:{service}:{endpointNames[^1]}:0";
        throw new InvalidOperationException(
            $"No endpoint is configured for service '{service}' (requested as {uri.GetLeftPart(UriPartial.Authority)}). " +
            $"Set configuration key '{key}' (environment variable '{key.Replace(":", "__", StringComparison.Ordinal)}') to its URL, " +
            "for example http://localhost:5080; the AppHost sets it when the caller references the service.");
    }

    private static Uri Combine(Uri endpoint, Uri logical)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        return new Uri($"{endpoint.GetLeftPart(UriPartial.Authority)}{basePath}{logical.PathAndQuery}");
    }

    private sealed class Counter
    {
        private uint _value = uint.MaxValue;

        public uint Next() => Interlocked.Increment(ref _value);
    }
}
