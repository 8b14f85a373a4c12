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

    private static int FreePort(HashSet<int> taken)
    {
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
