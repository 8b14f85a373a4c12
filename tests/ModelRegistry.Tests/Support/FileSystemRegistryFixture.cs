using System.Net.Http.Headers;
using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;

namespace Reference.ModelRegistry.Tests.Support;

// Two registry replicas over one PostgreSQL keeping artifacts in a shared folder (the filesystem store), with the
// artifact sweep every half second and a 10 s grace period (longer than any upload here pauses), so a test can watch it remove what a crash left behind,
// and a limit of 4 concurrent artifact transfers and searches per replica, so a test can saturate one.
public sealed class FileSystemRegistryFixture : IAsyncLifetime
{
    public const int Replicas = 2;
    public const int ExpensiveConcurrency = 4;
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    public DistributedApplication App { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string ArtifactRoot { get; } = Path.Combine(Path.GetTempPath(), $"registry-artifacts-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ArtifactRoot);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>([$"--Parameters:auth-signing-key={RegistryFixture.SigningKey}"]);
        builder.KeepOnly("model-registry");
        var registry = (ProjectResource)builder.Resources.Single(r => r.Name == "model-registry");
        builder.CreateResourceBuilder(registry)
            .WithReplicas(Replicas)
            .WithEnvironment("Artifacts__Store", "filesystem")
            .WithEnvironment("Artifacts__FileSystemRoot", ArtifactRoot)
            .WithEnvironment("ArtifactSweep__Interval", "00:00:00.500")
            .WithEnvironment("ArtifactSweep__GracePeriod", GracePeriod.ToString("c"))
            .WithEnvironment("Limits__ExpensiveConcurrency", ExpensiveConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Limits__RetryAfterSeconds", "2");
        App = await builder.BuildAsync();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        ConnectionString = await App.GetConnectionStringAsync("registrydb");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(ArtifactRoot, recursive: true);
    }

    public HttpClient Client(string role, int replica = 0)
    {
        var client = App.CreateHttpClient("model-registry", replica: replica);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RegistryFixture.Token(role, "fs-tester", "restricted"));
        return client;
    }

    public string PathFor(string sha256) => Path.Combine(ArtifactRoot, sha256[..2], sha256);

    public string StagingFolder => Path.Combine(ArtifactRoot, "staging");
}

[CollectionDefinition(Name)]
public sealed class FileSystemRegistryCollection : ICollectionFixture<FileSystemRegistryFixture>
{
    public const string Name = "registry with the filesystem store";
}
