using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Patterns;

var builder = DistributedApplication.CreateBuilder(args);

var signingKey = builder.AddJwtSigningKey();

var postgres = builder.AddPostgres("postgres");
var registryDb = postgres.AddDatabase("registrydb");
var featuresDb = postgres.AddDatabase("featuresdb");
var telemetryDb = postgres.AddDatabase("telemetrydb");
var trainingDb = postgres.AddDatabase("trainingdb");
var onlineStore = builder.AddRedis("online-store");

var modelRegistry = builder.AddProject<Projects.Reference_ModelRegistry>("model-registry")
    .WithReference(registryDb).WaitFor(registryDb)
    .WithJwtSigningKey(signingKey)
    // Publish: a primary and a warm standby on another provider.
    .WithPlacement(new ActivePassive { StandbyReplicas = 1, Separation = Separation.Provider })
    .WithHttpHealthCheck("/health");

// Residency rules are checked against where the feature store runs; locally that is Platform:Jurisdiction (default eu).
var featureStore = builder.AddProject<Projects.Reference_FeatureStore>("feature-store")
    .WithReference(featuresDb).WaitFor(featuresDb)
    .WithReference(onlineStore).WaitFor(onlineStore)
    .WithJwtSigningKey(signingKey)
    .WithEnvironment("Platform__Region", builder.Configuration["Platform:Region"] ?? "local")
    .WithEnvironment("Platform__Jurisdiction", builder.Configuration["Platform:Jurisdiction"] ?? "eu")
    // Publish: holds the fraud use case's EU, confidential features; served from two providers at once.
    .WithUseCase("fraud")
    .WithWorkload(cpu: 2, memoryGb: 8)
    .WithPlacement(new ActiveActive { Count = 2, Separation = Separation.Provider }, userRegions: ["eu-west", "eu-central"], latencySloMs: 30)
    .WithHttpHealthCheck("/health");

// Receives every project's OTLP export, serves the dashboard and watches models for drift.
var observability = builder.AddProject<Projects.Reference_Observability>("observability")
    .WithReference(telemetryDb).WaitFor(telemetryDb)
    .WithReference(modelRegistry)
    .WithJwtSigningKey(signingKey)
    .WithOtlpReceiver()
    .WithHttpHealthCheck("/health");

// The training runner's API and scheduler, and one worker process per pool (same project, configured by
// environment): on-prem with one slot, and a cloud pool that eligible jobs burst to when on-prem is saturated.
IResourceBuilder<ProjectResource> TrainingRunnerProcess(string name) =>
    builder.AddProject<Projects.Reference_TrainingRunner>(name)
        .WithReference(trainingDb).WaitFor(trainingDb)
        .WithReference(modelRegistry).WaitFor(modelRegistry)
        .WithReference(featureStore).WaitFor(featureStore)
        .WithJwtSigningKey(signingKey)
        .WithHttpHealthCheck("/health");

var trainingRunner = TrainingRunnerProcess("training-runner");

// A drifted model asks the training runner for a retrain (POST /api/triggers/drift, through service discovery).
observability.WithReference(trainingRunner);

TrainingRunnerProcess("training-worker-onprem")
    .WithEnvironment("Training__Worker__Pool", "onprem")
    .WithEnvironment("Training__Worker__Slots", "1")
    .WithEnvironment("Training__Worker__Labels__location", "onprem")
    .WithEnvironment("Training__Worker__Labels__jurisdiction", "eu");

TrainingRunnerProcess("training-worker-burst")
    .WithEnvironment("Training__Worker__Pool", "cloud-burst")
    .WithEnvironment("Training__Worker__Slots", "2")
    .WithEnvironment("Training__Worker__Labels__location", "cloud")
    .WithEnvironment("Training__Worker__Labels__provider", "aws")
    .WithEnvironment("Training__Worker__Labels__jurisdiction", "eu");

builder.Build().Run();

/// <summary>Public so that tests can start this topology with DistributedApplicationTestingBuilder.CreateAsync&lt;Program&gt;.</summary>
public partial class Program;
