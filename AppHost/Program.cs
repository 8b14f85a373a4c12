using Reference.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var signingKey = builder.AddJwtSigningKey();

var postgres = builder.AddPostgres("postgres");
var registryDb = postgres.AddDatabase("registrydb");
var featuresDb = postgres.AddDatabase("featuresdb");
var onlineStore = builder.AddRedis("online-store");

builder.AddProject<Projects.Reference_ModelRegistry>("model-registry")
    .WithReference(registryDb).WaitFor(registryDb)
    .WithJwtSigningKey(signingKey)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Reference_FeatureStore>("feature-store")
    .WithReference(featuresDb).WaitFor(featuresDb)
    .WithReference(onlineStore).WaitFor(onlineStore)
    .WithJwtSigningKey(signingKey)
    .WithHttpHealthCheck("/health");

builder.Build().Run();

/// <summary>Public so that tests can start this topology with DistributedApplicationTestingBuilder.CreateAsync&lt;Program&gt;.</summary>
public partial class Program;
