using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;
using Reference.Hosting.Publishing;
using Reference.Hosting.Testing;
using Reference.Placement.Patterns;

namespace Reference.Publish.Tests;

/// <summary>
/// The sample platform's topology (as in AppHost/Program.cs, on the sample service) with the sample
/// deploy/ files (the tests' own copy) and a fraud use case written by the test, so that the tests do not depend on src/UseCases.
/// </summary>
public sealed class SamplePlatform : IDisposable
{
    public const string SigningKeyValue = "signing-key-value-that-must-never-be-published-7f3a";
    public const string PostgresPasswordValue = "postgres-password-never-published-91c2";

    public const string FraudUseCase = """
        name: fraud
        owner: risk-team
        costCenter: cc-1234
        residency: eu
        entities:
          - {name: card, joinKeys: [card_id]}
        featureViews:
          - name: card_txn_stats
            entities: [card]
            classification: confidential
            features:
              - {name: txn_count_1h, type: int64}
          - name: fraud_labels
            entities: [card]
            classification: confidential
            features:
              - {name: is_fraud, type: bool}
        featureServices:
          - {name: fraud_v1, features: ["card_txn_stats:*"]}
        training:
          model: fraud-detector
          featureService: fraud_v1
          labels: {featureView: fraud_labels, column: is_fraud}
          schedule: 24h
          placement: {pools: [onprem, cloud-burst]}
        serving:
          model: fraud-detector
          latencySloMs: 20
          userRegions: [eu-west]
        """;

    public SamplePlatform(params string[] extraUseCases)
    {
        Root = Path.Combine(Path.GetTempPath(), "reference-publish-tests", Guid.NewGuid().ToString("N")[..12]);
        UseCases = Path.Combine(Root, "usecases");
        Output = Path.Combine(Root, "out");
        WriteUseCase("Fraud", FraudUseCase);
        for (var i = 0; i < extraUseCases.Length; i++)
        {
            WriteUseCase($"Extra{i}", extraUseCases[i]);
        }

        Builder = DistributedApplicationTestingBuilder.Create(new TestingOptions
        {
            Args = ["publish"],
        });
        Builder.Configuration["Parameters:auth-signing-key"] = SigningKeyValue;
        Builder.Configuration["Parameters:postgres-password"] = PostgresPasswordValue;
        var key = Builder.AddJwtSigningKey();
        var postgres = Builder.AddPostgres("postgres");
        var registryDb = postgres.AddDatabase("registrydb");
        var featuresDb = postgres.AddDatabase("featuresdb");
        var telemetryDb = postgres.AddDatabase("telemetrydb");
        var onlineStore = Builder.AddRedis("online-store");
        ModelRegistry = Builder.AddProject<Projects.Reference_SampleService>("model-registry")
            .WithReference(registryDb).WithJwtSigningKey(key)
            .WithPlacement(new ActivePassive { StandbyReplicas = 1, Separation = Separation.Provider });
        FeatureStore = Builder.AddProject<Projects.Reference_SampleService>("feature-store")
            .WithReference(featuresDb).WithReference(onlineStore).WithJwtSigningKey(key)
            .WithEnvironment("Platform__Jurisdiction", "eu")
            .WithUseCase("fraud")
            .WithWorkload(cpu: 2, memoryGb: 8)
            .WithPlacement(new ActiveActive { Count = 2, Separation = Separation.Provider }, ["eu-west", "eu-central"], 30);
        Builder.AddProject<Projects.Reference_SampleService>("observability")
            .WithReference(telemetryDb).WithReference(ModelRegistry).WithJwtSigningKey(key).WithOtlpReceiver();

        // Serving reads the feature store's online store directly; its users and SLO come from the use case's serving section.
        Serving = Builder.AddProject<Projects.Reference_SampleService>("serving")
            .WithReplicas(2)
            .WithReference(ModelRegistry).WithReference(FeatureStore).WithReference(onlineStore).WithJwtSigningKey(key)
            .WithUseCase("fraud");

        // As the AppHost's `platform` CLI in run mode: applies a use case once and exits.
        Builder.AddProject<Projects.Reference_SampleService>("platform")
            .WithReference(FeatureStore).WithReference(ModelRegistry).WithReference(Serving).WithJwtSigningKey(key)
            .AsOneShot();
    }

    public IResourceBuilder<ProjectResource> Serving { get; }

    public string Root { get; }

    public string UseCases { get; }

    public string Output { get; }

    public TestingBuilder Builder { get; }

    public IResourceBuilder<ProjectResource> ModelRegistry { get; }

    public IResourceBuilder<ProjectResource> FeatureStore { get; }

    public List<string> Log { get; } = [];

    // The sample deploy/ files as they ship (a copy beside the tests, see the project file), not the platform's own
    // deploy/ folder, which its team edits and the template rewrites.
    public static string DeployDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "SampleDeploy");

    public void WriteUseCase(string folder, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(UseCases, folder));
        File.WriteAllText(Path.Combine(UseCases, folder, "usecase.yaml"), yaml);
    }

    /// <summary>Runs the placement and Kubernetes steps of publish into <paramref name="output"/> (default <see cref="Output"/>).</summary>
    public IReadOnlyList<string> Publish(string? output = null, params string[] clusters) => PublishWith(new KubernetesSettings(), output, clusters);

    public IReadOnlyList<string> PublishWith(KubernetesSettings settings, string? output = null, params string[] clusters) =>
        PlacementPublisher.Publish([.. Builder.Resources], new PublishRequest
        {
            OutputDirectory = output ?? Output,
            DeployDirectory = DeployDirectory,
            UseCasesDirectory = UseCases,
            Clusters = clusters,
            Kubernetes = settings,
        }, Builder.Configuration, new ListLog(Log));

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Output, relativePath));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        if (Builder.OwnedStateDirectory is { } state && Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private sealed class ListLog(List<string> lines) : ILogSink
    {
        public void ResourceLine(string resource, string line, bool isError) => lines.Add($"{resource}: {line}");

        public void Info(string message) => lines.Add(message);

        public void Error(string message) => lines.Add("error: " + message);
    }
}
