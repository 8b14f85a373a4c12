using System.Net;
using System.Net.Sockets;
using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Orchestration;

/// <summary>Gives every endpoint of every replica a port: the fixed one when asked and free, else a free one.</summary>
internal static class PortAllocator
{
    public static void Allocate(IEnumerable<IResource> resources, bool randomize)
    {
        var taken = new HashSet<int>();
        foreach (var resource in resources)
        {
            var endpoints = resource.OfAnnotation<EndpointAnnotation>().ToArray();
            if (endpoints.Length == 0)
            {
                continue;
            }

            var allocated = new AllocatedEndpointsAnnotation();
            var replicas = resource.GetReplicaCount();
            foreach (var endpoint in endpoints)
            {
                var ports = new int[replicas];
                for (var i = 0; i < replicas; i++)
                {
                    ports[i] = endpoint.Port is { } fixedPort && i == 0 && !randomize
                        ? Claim(resource, endpoint, fixedPort, taken)
                        : FreePort(taken);
                }

                allocated.Ports[endpoint.Name] = ports;
            }

            resource.Annotations.RemoveAll(a => a is AllocatedEndpointsAnnotation);
            resource.Annotations.Add(allocated);
        }
    }

    private static int Claim(IResource resource, EndpointAnnotation endpoint, int port, HashSet<int> taken)
    {
        if (!taken.Add(port) || !IsFree(port))
        {
            throw new DistributedApplicationException(
                $"Port {port} for resource '{resource.Name}' (endpoint '{endpoint.Name}') is already in use. " +
                "Stop the program that uses it, or give the resource another port with WithHttpEndpoint(port: …) in the AppHost.");
        }

        return port;
    }

    /// <summary>
    /// A free port below the kernel's ephemeral range when there is room: ports the kernel hands out for port-0 binds
    /// and outgoing connections come from that range, so a port picked outside it is not taken by another process
    /// between now and the moment the server binds it.
    /// </summary>
    private static int FreePort(HashSet<int> taken)
    {
        var (low, _) = EphemeralRange();
        const int floor = 10_000;
        if (low - floor >= 1_000)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var port = Random.Shared.Next(floor, low);
                if (!taken.Contains(port) && IsFree(port))
                {
                    taken.Add(port);
                    return port;
                }
            }
        }

        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (taken.Add(port))
            {
                return port;
            }
        }
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.ExclusiveAddressUse = true;
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
