using System.Net.Http.Headers;
using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;
using Reference.ModelRegistry.Client;

namespace Reference.TrainingRunner.Tests.Support;

// The AppHost's training runner with its two worker pools, the feature store, the registry, PostgreSQL and Redis,
// as real processes. Queue timings are shortened (lease 3 s, heartbeat 0.5 s, burst wait 2 s) so that lost leases
// and bursts happen within a test. The fraud definitions and 1,200 sample rows are loaded once.
public sealed class TrainingFixture : IAsyncLifetime
{
    public const int SampleRows = 1200;
    public static readonly string[] TrainingResources = ["training-runner", "training-worker-onprem", "training-worker-burst"];

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>([$"--Parameters:auth-signing-key={TestTokens.SigningKey}"]);
        builder.KeepOnly(TrainingResources);
        foreach (var name in TrainingResources)
        {
            var resource = (ProjectResource)builder.Resources.Single(r => r.Name == name);
            builder.CreateResourceBuilder(resource)
                .WithEnvironment("Training__LeaseDuration", "00:00:03")
                .WithEnvironment("Training__HeartbeatInterval", "00:00:00.500")
                .WithEnvironment("Training__PollInterval", "00:00:00.200")
                .WithEnvironment("Training__RetryBackoff", "00:00:00.500")
                .WithEnvironment("Training__BurstWait", "00:00:02")
                .WithEnvironment("Training__DriftCooldown", "01:00:00")
                .WithEnvironment("Training__RunSchedules", "false");
        }
        App = await builder.BuildAsync();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(180)).Token);
        using var featureStore = Client("feature-store", "ml-engineer");
        await FraudData.ApplyAsync(featureStore, SampleRows);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public HttpClient Client(string resource, string role, string subject = "alice", string clearance = "restricted")
    {
        var client = App.CreateHttpClient(resource);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(role, subject, clearance));
        return client;
    }

    public HttpClient Runner(string role = "ml-engineer", string clearance = "restricted") => Client("training-runner", role, clearance: clearance);

    public ModelRegistryClient Registry(string role = "ml-engineer") => new(Client("model-registry", role));

    public static string UniqueModel(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}

[CollectionDefinition(Name)]
public sealed class TrainingCollection : ICollectionFixture<TrainingFixture>
{
    public const string Name = "training";
}
