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
// Pushed online rows are acknowledged once Redis has them, and some exist nowhere else (push to=online): the
// append-only file keeps them through a crash of redis-server, where snapshots alone lose up to a minute of writes.
var onlineStore = builder.AddRedis("online-store").WithPersistence(TimeSpan.FromSeconds(60), appendOnly: true);

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

#if (!NoObservability)
// Receives every project's OTLP export, serves the dashboard and watches models for drift. (A platform created with
// --no-observability leaves it out and exports to OTEL_EXPORTER_OTLP_ENDPOINT instead.)
var observability = builder.AddProject<Projects.Reference_Observability>("observability")
    .WithReference(telemetryDb).WaitFor(telemetryDb)
    .WithReference(modelRegistry)
    .WithJwtSigningKey(signingKey)
    .WithOtlpReceiver()
    .WithHttpHealthCheck("/health");
#endif

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

#if (!NoObservability)
// A drifted model asks the training runner for a retrain (POST /api/triggers/drift, through service discovery).
observability.WithReference(trainingRunner);
#endif

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

// Open Inference Protocol and entity scoring: loads the use case's champion (and challenger for the canary) from the
// registry, reads online features straight from Redis, and sends sampled predictions to observability.
var serving = builder.AddProject<Projects.Reference_Serving>("serving")
    .WithReplicas(2)
    .WithReference(modelRegistry).WaitFor(modelRegistry)
    .WithReference(featureStore).WaitFor(featureStore)
    .WithReference(onlineStore).WaitFor(onlineStore)
#if (!NoObservability)
    .WithReference(observability)
#endif
    .WithJwtSigningKey(signingKey)
    // Publish: scores the fraud use case, so its lineage keeps it in the EU; placed near the online store it reads
    // (data gravity). The use case's us-east users cannot get 20 ms from the EU, so the AppHost names the EU ones.
    .WithUseCase("fraud")
    .WithPlacement(new ActiveActive { Count = 2, Separation = Separation.Provider }, userRegions: ["eu-west", "eu-central"], latencySloMs: 20)
    // /health stays 200 (Degraded) until the first champion is trained; /v2/health/ready is the scoring readiness.
    .WithHttpHealthCheck("/health");

// Ports that people and clients come back to: the dashboard and serving's first replica. AppHost appsettings.json
// Ports:* fixes them (a scaffolded platform gets its own, so that two platforms run side by side); unset, a free port
// is picked at each run.
int? FixedPort(string name) => int.TryParse(builder.Configuration[$"Ports:{name}"], out var port) ? port : null;
serving.WithHttpEndpoint(port: FixedPort("Serving"));

// Serving's readiness (/v2/health/ready) means the platform's use case has a champion, so it serves that use case,
// not every use case whose usecase.yaml travels with the binary.
if ((builder.Configuration["Platform:SampleUseCase"] ?? "fraud") is not ("none" or "") and var servedUseCase)
{
    serving.WithEnvironment("Serving__UseCase", servedUseCase);
}
#if (!NoObservability)
observability.WithHttpEndpoint(port: FixedPort("Dashboard"));
#endif

// Run mode: the `platform` CLI, once, brings the sample use case to a served champion (apply, ingest its synthetic
// data, materialize, train, approve the first version as the local approver, wait for serving), so the platform is
// ready only with a model to score. Platform:SampleUseCase picks it ("none": skip); SampleRows/SampleTrees size it.
if (builder.ExecutionContext.IsRunMode && builder.Configuration["Platform:SampleUseCase"] is not ("none" or ""))
{
    string[] up = ["up", builder.Configuration["Platform:SampleUseCase"] ?? "fraud"];
    if (builder.Configuration["Platform:SampleRows"] is { } rows)
    {
        up = [.. up, "--rows", rows];
    }

    if (builder.Configuration["Platform:SampleTrees"] is { } trees)
    {
        up = [.. up, "--trees", trees];
    }

    builder.AddProject<Projects.Reference_Cli>("platform")
        .WithArgs(up)
        .WithReference(featureStore).WaitFor(featureStore)
        .WithReference(modelRegistry).WaitFor(modelRegistry)
        .WithReference(trainingRunner).WaitFor(trainingRunner)
        .WithReference(serving).WaitFor(serving)
        .WithJwtSigningKey(signingKey)
        .AsOneShot();
}

builder.Build().Run();

/// <summary>Public so that tests can start this topology with DistributedApplicationTestingBuilder.CreateAsync&lt;Program&gt;.</summary>
public partial class Program;
