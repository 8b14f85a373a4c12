using Reference.Hosting;
using Reference.Hosting.Testing;

namespace Reference.FeatureStore.Tests.Support;

// Two feature store replicas over one PostgreSQL and Redis, exporting telemetry to an in-test OTLP receiver.
// Materialization leases are short (2 s) and batches small, so a test can kill a replica mid-job and see another
// take over within seconds.
public sealed class FeatureStoreReplicasApp : IAsyncLifetime
{
    public const int Replicas = 2;

    public DistributedApplication App { get; private set; } = null!;

    public OtlpReceiver Telemetry { get; private set; } = null!;

    public HttpClient Client(int replica, string role = "ml-engineer")
    {
        var client = App.CreateHttpClient("feature-store", replica: replica);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(role));
        return client;
    }

    public async Task InitializeAsync()
    {
        Telemetry = await OtlpReceiver.StartAsync();
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions
        {
            Args = [$"--Parameters:auth-signing-key={TestTokens.SigningKey}", $"--OTEL_EXPORTER_OTLP_ENDPOINT={Telemetry.Endpoint}"],
        });
        var signingKey = builder.AddJwtSigningKey();
        var db = builder.AddPostgres("postgres").AddDatabase("featuresdb");
        var redis = builder.AddRedis("online-store").WithPersistence(null);
        builder.AddProject<Projects.Reference_FeatureStore>("feature-store")
            .WithReplicas(Replicas)
            .WithReference(db).WaitFor(db)
            .WithReference(redis).WaitFor(redis)
            .WithJwtSigningKey(signingKey)
            .WithEnvironment("Platform__Region", "eu-west")
            .WithEnvironment("Platform__Jurisdiction", "eu")
            .WithEnvironment("FeatureStore__Materialization__LeaseDuration", "00:00:02")
            .WithEnvironment("FeatureStore__Materialization__PollInterval", "00:00:00.250")
            .WithEnvironment("FeatureStore__Materialization__BatchSize", "64")
            .WithEnvironment("FeatureStore__Materialization__BatchesInFlight", "1")
            .WithHttpHealthCheck("/health");
        App = builder.Build();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Telemetry.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FeatureStoreReplicasCollection : ICollectionFixture<FeatureStoreReplicasApp>
{
    public const string Name = "feature store replicas";
}
