using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Testing;

public static class DistributedApplicationTestingExtensions
{
    /// <summary>An HttpClient whose base address is the resource's endpoint (replica 0 unless said otherwise).</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string endpointName = "http", int replica = 0) =>
        new() { BaseAddress = new Uri(app.GetEndpoint(resourceName, endpointName, replica)) };

    public static string GetEndpoint(this DistributedApplication app, string resourceName, string endpointName = "http", int replica = 0) =>
        app.FindResource(resourceName).GetEndpoint(endpointName).GetUrl(replica);

    public static Task<string> GetConnectionStringAsync(this DistributedApplication app, string resourceName) =>
        app.FindResource(resourceName) is IResourceWithConnectionString withConnection
            ? Task.FromResult(withConnection.GetConnectionString(app.ExecutionContext))
            : throw new ArgumentException($"Resource '{resourceName}' has no connection string.", nameof(resourceName));

    public static IResource FindResource(this DistributedApplication app, string resourceName) =>
        app.Resources.FirstOrDefault(r => r.Name == resourceName)
        ?? throw new ArgumentException($"There is no resource named '{resourceName}'.", nameof(resourceName));
}
