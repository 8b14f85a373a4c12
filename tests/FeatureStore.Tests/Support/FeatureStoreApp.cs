using Reference.Hosting;
using Reference.Hosting.Testing;

namespace Reference.FeatureStore.Tests.Support;

// A real topology for the feature store: PostgreSQL (featuresdb), Redis without persistence (so a restart loses
// the online store, as a cache node replacement would) and the service as a process, in jurisdiction "eu".
public sealed class FeatureStoreApp : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Client(string role = "ml-engineer", string clearance = "restricted")
    {
        var client = App.CreateHttpClient("feature-store");
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(role, clearance));
        return client;
    }

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions { StateDirectory = Environment.GetEnvironmentVariable("FS_TEST_STATE"), Args = [$"--Parameters:auth-signing-key={TestTokens.SigningKey}"] });
        var signingKey = builder.AddJwtSigningKey();
        var db = builder.AddPostgres("postgres").AddDatabase("featuresdb");
        var redis = builder.AddRedis("online-store").WithPersistence(null);
        builder.AddProject<Projects.Reference_FeatureStore>("feature-store")
            .WithReference(db).WaitFor(db)
            .WithReference(redis).WaitFor(redis)
            .WithJwtSigningKey(signingKey)
            .WithEnvironment("Platform__Region", "eu-west")
            .WithEnvironment("Platform__Jurisdiction", "eu")
            .WithHttpHealthCheck("/health");
        App = builder.Build();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FeatureStoreCollection : ICollectionFixture<FeatureStoreApp>
{
    public const string Name = "feature store";
}
