using System.Net.Http.Headers;
using Reference.Hosting;
using Reference.Hosting.Testing;

namespace Reference.Cli.Tests.Support;

/// <summary>
/// The AppHost's platform without serving, observability or the one-shot `platform up` (Platform:SampleUseCase=none):
/// the feature store, the model registry, the training runner and its on-prem worker, on their own PostgreSQL and Redis.
/// For driving a use case through the CLI's verbs one by one. Started once per test class.
/// </summary>
public sealed class TrainingPlatformFixture : IAsyncLifetime
{
    public static readonly string SigningKey = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<global::Program>(
            [$"--Parameters:auth-signing-key={SigningKey}", "--Platform:SampleUseCase=none"]);
        builder.KeepOnly("training-runner", "training-worker-onprem");
        App = await builder.BuildAsync();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>What the AppHost hands the `platform` resource: each service's address and the signing key.</summary>
    public IReadOnlyDictionary<string, string> CliEnvironment()
    {
        var environment = new Dictionary<string, string> { ["Auth__SigningKey"] = SigningKey };
        foreach (var service in new[] { "feature-store", "model-registry", "training-runner" })
        {
            environment[$"services__{service}__http__0"] = App.GetEndpoint(service);
        }

        return environment;
    }

    public HttpClient Client(string resource, string role)
    {
        var client = App.CreateHttpClient(resource);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlatformTokens.Create(SigningKey, role, "test-user", "restricted"));
        return client;
    }
}
