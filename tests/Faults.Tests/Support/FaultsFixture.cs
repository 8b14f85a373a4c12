using System.Net.Http.Headers;
using System.Net.Http.Json;
using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;
using Reference.Learning.Models;
using Reference.Learning.Trainers;
using Reference.ModelRegistry.Client;
using Reference.UseCases.Fraud;

namespace Reference.Faults.Tests.Support;

// The whole AppHost topology (no sample use case) as real processes, with a served fraud champion, the fraud history
// offline for training jobs, the cards' latest features online, and a ledger view and model that the faults write to.
// Queue timings are short (lease 3 s, heartbeat 0.5 s) so that a killed worker's lease expires within a test.
public sealed class FaultsFixture : IAsyncLifetime
{
    public const string SigningKey = "faults-tests-signing-key-0123456789-0123456789-abcdefghijklmnop";
    public const string LedgerView = "fault_ledger";
    public const int HistoryRows = 1200;

    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8];
    private static readonly string[] TrainingResources = ["training-runner", "training-worker-onprem", "training-worker-burst"];

    public static readonly string ServedModel = $"fault-served-{Suffix}";
    public static readonly string LedgerModel = $"fault-ledger-{Suffix}";

    public DistributedApplication App { get; private set; } = null!;

    public FraudFeatures Features { get; } = new();

    // A small fraud model, trained once; the ledger registers its artifact again and again as new versions.
    public Model Champion { get; private set; } = null!;

    public byte[] ChampionArtifact { get; private set; } = [];

    // Started once the champion is served, and kept running through every fault.
    public TrafficGenerator Traffic { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(
            [$"--Parameters:auth-signing-key={SigningKey}", "--Platform:SampleUseCase=none"]);
        foreach (var name in TrainingResources)
        {
            builder.CreateResourceBuilder((ProjectResource)builder.Resources.Single(r => r.Name == name))
                .WithEnvironment("Training__LeaseDuration", "00:00:03")
                .WithEnvironment("Training__HeartbeatInterval", "00:00:00.500")
                .WithEnvironment("Training__PollInterval", "00:00:00.200")
                .WithEnvironment("Training__RetryBackoff", "00:00:00.500")
                .WithEnvironment("Training__RunSchedules", "false");
        }
        builder.CreateResourceBuilder((ProjectResource)builder.Resources.Single(r => r.Name == "serving"))
            .WithEnvironment("Serving__Models__0__Model", ServedModel)
            .WithEnvironment("Serving__RetryInterval", "00:00:00.500")
            .WithEnvironment("Serving__ReconcileInterval", "00:00:05");

        App = await builder.BuildAsync();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(240)).Token);

        using var featureStore = Client("feature-store", "ml-engineer");
        await FraudDefinitions.ApplyAsync(featureStore);
        await FraudDefinitions.LoadHistoryAsync(featureStore, FraudSampleData.Generate(HistoryRows, seed: 42).ToList());
        await FraudDefinitions.PushLatestOnlineAsync(featureStore, Features.Online.Values, DateTimeOffset.UtcNow.AddMinutes(-1));
        await FeatureStoreRequests.PutAsync(featureStore, $"/api/feature-views/{LedgerView}", new
        {
            entities = new[] { "card" }, ttl = "7d", classification = "internal", residency = "eu", features = new[] { new { name = "seq", type = "int64" } },
        });

        var hyperparameters = new Dictionary<string, object?> { ["trees"] = 10, ["maxDepth"] = 3, ["learningRate"] = 0.3 };
        Assert.True(TrainerCatalog.TryCreate("gbdt", hyperparameters, out var trainer, out _));
        Champion = trainer!.Train(Features.TrainingSet()).Model;
        ChampionArtifact = ModelArtifact.Serialize(Champion);
        var served = await RegisterAsync(ServedModel);
        await Registry().SetAliasAsync(ServedModel, "champion", served);
        await RegisterAsync(LedgerModel);
        await WaitForChampionAsync(served);
        Traffic = new TrafficGenerator(this);
    }

    public async Task DisposeAsync()
    {
        if (Traffic is not null)
        {
            await Traffic.DisposeAsync();
        }
        await App.DisposeAsync();
    }

    public HttpClient Client(string resource, string role, int replica = 0, TimeSpan? timeout = null)
    {
        var client = App.CreateHttpClient(resource, replica: replica);
        client.Timeout = timeout ?? TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlatformTokens.Create(SigningKey, role, "faults-tests", "restricted"));
        return client;
    }

    public ModelRegistryClient Registry(TimeSpan? timeout = null) => new(Client("model-registry", "ml-engineer", timeout: timeout));

    public Task<string> ConnectionStringAsync(string database) => App.GetConnectionStringAsync(database);

    // A new version of the model (created, with an empty promotion policy, the first time); returns its number.
    public async Task<int> RegisterAsync(string model, ModelRegistryClient? registry = null)
    {
        registry ??= Registry();
        if (await registry.GetModelAsync(model) is null)
        {
            await registry.CreateModelAsync(new CreateModelRequest(model, UseCase: "fraud"));
            using var admin = Client("model-registry", "admin");
            using var policy = await admin.PutAsJsonAsync($"/api/models/{model}/promotion-policy", new { protectedAliases = Array.Empty<object>() });
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }
        return (await registry.CreateVersionAsync(model, FraudModelVersions.Metadata(Champion), new MemoryStream(ChampionArtifact))).Version;
    }

    private async Task WaitForChampionAsync(int version)
    {
        for (var replica = 0; replica < 2; replica++)
        {
            using var serving = Client("serving", "viewer", replica);
            await Until.TrueAsync(async () =>
            {
                using var response = await serving.GetAsync($"/v2/models/{ServedModel}/ready");
                return response.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(60), $"serving replica {replica} loads {ServedModel} v{version}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults";
}
