using System.Net.Http.Headers;
using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;
using Reference.ModelRegistry.Client;

namespace Reference.Serving.Tests.Support;

// The AppHost's serving (2 replicas) with what it references: the registry, the feature store, Redis, observability
// (and their databases), as real processes. Serving reaches the registry through a RegistryForwarder so that a test
// can cut it off. Every test owns a model name; serving is configured with all of them. The fraud feature view is
// defined and the sample cards pushed online once.
public sealed class ServingFixture : IAsyncLifetime
{
    public const string SigningKey = "serving-tests-signing-key-0123456789-0123456789-abcdefghijklmnop";
    public const int MaxBatchRows = 256;

    // The registry's artifact transfer slots: small, so that a test can fill them and see real 429s, and still more
    // than the two serving replicas' downloads plus one test upload at once.
    public const int RegistryExpensiveConcurrency = 4;

    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8];

    public static readonly string ScoringModel = $"serve-score-{Suffix}";
    public static readonly string SwapModel = $"serve-swap-{Suffix}";
    public static readonly string StrictModel = $"serve-strict-{Suffix}";
    public static readonly string CanaryModel = $"serve-canary-{Suffix}";
    public static readonly string ShadowModel = $"serve-shadow-{Suffix}";
    public static readonly string UntrainedModel = $"serve-untrained-{Suffix}";
    public static readonly string OutageModel = $"serve-outage-{Suffix}";

    private RegistryForwarder? forwarder;

    public DistributedApplication App { get; private set; } = null!;

    public RegistryForwarder Forwarder => forwarder!;

    public FraudFeatures Features { get; } = new();

    // The scoring model's champion (v1), trained and promoted once for the tests that read it.
    public Learning.Models.Model ScoringChampion { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>([$"--Parameters:auth-signing-key={SigningKey}"]);
        builder.KeepOnly("serving");
        var serving = builder.CreateResourceBuilder((ProjectResource)builder.Resources.Single(r => r.Name == "serving"));
        var runner = builder.Resources.SingleOrDefault(r => r.Name == "training-runner");
        if (runner is ProjectResource trainingRunner)
        {
            // Pulled in by observability's reference; its schedules would train the real use case in the background.
            builder.CreateResourceBuilder(trainingRunner).WithEnvironment("Training__RunSchedules", "false");
        }

        builder.CreateResourceBuilder((ProjectResource)builder.Resources.Single(r => r.Name == "model-registry"))
            .WithEnvironment("Limits__ExpensiveConcurrency", RegistryExpensiveConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        forwarder = new RegistryForwarder(() => new Uri(App.GetEndpoint("model-registry")));
        serving
            .WithEnvironment("Serving__RegistryUrl", "http://registry-via-forwarder/")
            .WithEnvironment("services__registry-via-forwarder__http__0", forwarder.Address.ToString())
            .WithEnvironment("Serving__RetryInterval", "00:00:00.500")
            .WithEnvironment("Serving__ReconcileInterval", "00:00:05")
            .WithEnvironment("Serving__MaxBatchRows", MaxBatchRows.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Serving__SampleRate", "1")
            .WithEnvironment("Serving__SampleFlushInterval", "00:00:00.200");
        string[] plain = [ScoringModel, SwapModel, StrictModel, UntrainedModel, OutageModel];
        for (var i = 0; i < plain.Length; i++)
        {
            serving.WithEnvironment($"Serving__Models__{i}__Model", plain[i]);
        }
        serving.WithEnvironment("Serving__Models__5__Model", CanaryModel)
            .WithEnvironment("Serving__Models__5__Canary__Alias", "challenger")
            .WithEnvironment("Serving__Models__5__Canary__Percent", "50")
            .WithEnvironment("Serving__Models__6__Model", ShadowModel)
            .WithEnvironment("Serving__Models__6__Canary__Alias", "challenger")
            .WithEnvironment("Serving__Models__6__Canary__Percent", "100")
            .WithEnvironment("Serving__Models__6__Canary__Mode", "shadow");

        App = await builder.BuildAsync();

        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(240)).Token);
        using var featureStore = Client("feature-store", "ml-engineer");
        await Features.ApplyAsync(featureStore);
        ScoringChampion = Champions.Train("gbdt", new() { ["trees"] = 20, ["maxDepth"] = 3, ["learningRate"] = 0.3 });
        Assert.Equal(1, await Champions.PromoteAsync(ScoringModel, ScoringChampion));
        await this.WaitOnBothReplicasAsync(ScoringModel, 1);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (forwarder is not null)
        {
            await forwarder.DisposeAsync();
        }
    }

    public HttpClient Client(string resource, string role, string clearance = "restricted", int replica = 0)
    {
        var client = App.CreateHttpClient(resource, replica: replica);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlatformTokens.Create(SigningKey, role, "serving-tests", clearance));
        return client;
    }

    public HttpClient Serving(int replica = 0, string role = "viewer", string clearance = "restricted") => Client("serving", role, clearance, replica);

    public ModelRegistryClient Registry(string role = "ml-engineer") => new(Client("model-registry", role));

    public Champions Champions => new(this);
}

[CollectionDefinition(Name)]
public sealed class ServingCollection : ICollectionFixture<ServingFixture>
{
    public const string Name = "serving";
}
