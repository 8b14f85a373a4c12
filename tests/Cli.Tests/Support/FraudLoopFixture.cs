using System.Net.Http.Headers;
using Reference.Hosting;
using Reference.Hosting.Testing;

namespace Reference.Cli.Tests.Support;

/// <summary>
/// The AppHost's topology as `dotnet run --project AppHost` starts it, with a small sample: the one-shot `platform up`
/// resource applies the fraud use case, ingests 3,000 rows, materializes, trains 20 trees and approves the first
/// version; StartAsync returns only once that resource finished, i.e. once serving has the champion. Started once.
/// </summary>
public sealed class FraudLoopFixture : IAsyncLifetime
{
    public const int SampleRows = 3000;
    public static readonly string SigningKey = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<global::Program>(
        [
            $"--Parameters:auth-signing-key={SigningKey}", "--Platform:SampleUseCase=fraud", $"--Platform:SampleRows={SampleRows}", "--Platform:SampleTrees=20",
        ]);
        // The CLI and what it needs, plus one worker pool for the training job.
        builder.KeepOnly("platform", "training-worker-onprem");
        App = await builder.BuildAsync();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public HttpClient Client(string resource, string role, int replica = 0)
    {
        var client = App.CreateHttpClient(resource, replica: replica);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
        return client;
    }

    public static string Token(string role) => PlatformTokens.Create(SigningKey, role, "test-user", "restricted");
}
