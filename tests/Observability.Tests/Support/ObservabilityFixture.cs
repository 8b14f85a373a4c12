using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;

namespace Reference.Observability.Tests.Support;

// PostgreSQL, the registry and the observability service from the AppHost's topology, as real processes, and serving
// (2 replicas, with the feature store and Redis it reads) for the sample use case's run. Every service exports its
// telemetry to the observability service with the real OpenTelemetry exporter.
public class ObservabilityFixture : IAsyncLifetime
{
    public const string SigningKey = "observability-tests-signing-key-0123456789-0123456789-abcdefghij";
    public const string BrowserToken = "observability-tests-browser-token-0123456789";

    // Small, so the overload test fills it with a handful of requests; the writer drains it fast otherwise.
    public const int QueueCapacity = 4;

    public DistributedApplication App { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    /// <summary>The training runner's trigger endpoint, as a real HTTP server in the test; null for a topology without one.</summary>
    public TrainingRunnerStandIn? TrainingRunner { get; private set; }

    protected virtual bool WithTrainingRunner => true;

    protected virtual bool WithServing => true;

    /// <summary>The AppHost's real training-runner process (API only: no worker pool, so its jobs stay queued) instead of the stand-in.</summary>
    protected virtual bool WithRealTrainingRunner => false;

    protected virtual string DriftCooldown => "1h";

    /// <summary>The model serving is configured with; the browser test trains and registers it.</summary>
    public string ServedModel { get; } = "fraud-served-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        if (WithTrainingRunner)
        {
            TrainingRunner = await TrainingRunnerStandIn.StartAsync();
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(
            [$"--Parameters:auth-signing-key={SigningKey}", $"--Dashboard:BrowserToken={BrowserToken}"]);
        var observability = (ProjectResource)builder.Resources.Single(r => r.Name == "observability");
        // A stand-in receives the retrain triggers, or there is no runner at all; RealTrainingRunnerFixture keeps the
        // AppHost's reference to the real training-runner process instead.
        if (!WithRealTrainingRunner)
        {
            observability.Annotations.RemoveAll(a => a is ResourceReferenceAnnotation { Resource.Name: "training-runner" });
        }
        builder.KeepOnly([
            "observability", "model-registry", .. WithServing ? ["serving"] : Array.Empty<string>(), .. WithRealTrainingRunner ? ["training-runner"] : Array.Empty<string>()]);
        if (WithRealTrainingRunner)
        {
            builder.CreateResourceBuilder((ProjectResource)builder.Resources.Single(r => r.Name == "training-runner"))
                .WithEnvironment("Training__DriftCooldown", "01:00:00")
                .WithEnvironment("Training__RunSchedules", "false");
        }
        if (WithServing)
        {
            // Every scored row becomes a prediction sample, shipped at once.
            builder.CreateResourceBuilder((ProjectResource)builder.Resources.Single(r => r.Name == "serving"))
                .WithEnvironment("Serving__Models__0__Model", ServedModel)
                .WithEnvironment("Serving__SampleRate", "1")
                .WithEnvironment("Serving__SampleFlushInterval", "00:00:00.200")
                .WithEnvironment("Serving__RetryInterval", "00:00:00.500");
        }
        builder.CreateResourceBuilder(observability)
            .WithEnvironment("Ingest__QueueCapacity", QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Retention__SweepInterval", "1s")
            .WithEnvironment("Drift__Interval", "2s")
            .WithEnvironment("Drift__Cooldown", DriftCooldown);
        // The exporter's own retry (429/503 with Retry-After, network errors), so no registry telemetry is lost while the
        // receiver starts.
        var registry = (ProjectResource)builder.Resources.Single(r => r.Name == "model-registry");
        builder.CreateResourceBuilder(registry).WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
        if (TrainingRunner is not null)
        {
            // What the AppHost sets when the observability service references the training-runner resource.
            builder.CreateResourceBuilder(observability).WithEnvironment("services__training-runner__http__0", TrainingRunner.Url);
        }
        App = await builder.BuildAsync();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(180)).Token);
        ConnectionString = await App.GetConnectionStringAsync("telemetrydb");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (TrainingRunner is not null)
        {
            await TrainingRunner.DisposeAsync();
        }
    }

    public HttpClient Client(string role = "viewer")
    {
        var client = App.CreateHttpClient("observability");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
        return client;
    }

    public HttpClient Anonymous() => App.CreateHttpClient("observability");

    public HttpClient RegistryClient(string role = "admin") => ResourceClient("model-registry", role);

    public HttpClient ResourceClient(string resource, string role, int replica = 0)
    {
        var client = App.CreateHttpClient(resource, replica: replica);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
        return client;
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Token(string role, string subject = "alice") =>
        Reference.Hosting.Testing.PlatformTokens.Create(SigningKey, role, subject, "restricted");
}

// The same topology without a training runner: retrain triggers wait as pending.
public sealed class NoTrainingRunnerFixture : ObservabilityFixture
{
    protected override bool WithTrainingRunner => false;

    protected override bool WithServing => false;
}

[CollectionDefinition(Name)]
public sealed class NoTrainingRunnerCollection : ICollectionFixture<NoTrainingRunnerFixture>
{
    public const string Name = "observability-without-training-runner";
}

[CollectionDefinition(Name)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityFixture>
{
    public const string Name = "observability";
}
