using Reference.Hosting;
using Reference.Hosting.Testing;

namespace Reference.Platform.Tests.Support;

// The AppHost's whole topology (PostgreSQL, Redis, registry, feature store, observability, training runner and its
// worker pools, serving) as real processes, without the sample use case's one-shot bootstrap: the tests bring what
// they need. One topology for every test in the collection; each test owns its names.
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string SigningKey = "platform-tests-signing-key-0123456789-0123456789-abcdefghijklmnop";

    public static readonly string[] Services = ["model-registry", "feature-store", "training-runner", "serving", "observability"];

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(
            [$"--Parameters:auth-signing-key={SigningKey}", "--Platform:SampleUseCase=none"]);
        App = await builder.BuildAsync();
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await App.StartAsync(start.Token);
    }

    public string Token(string role, string subject = "platform-tests", string? clearance = null, TimeSpan? lifetime = null) =>
        PlatformTokens.Create(SigningKey, role, subject, clearance, lifetime);

    public HttpClient Client(string service, int replica = 0) => App.CreateHttpClient(service, replica: replica);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
