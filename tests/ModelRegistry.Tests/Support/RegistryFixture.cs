using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reference.Hosting;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;

namespace Reference.ModelRegistry.Tests.Support;

// One PostgreSQL and one registry process (the AppHost's "model-registry" and what it needs) for the integration
// tests. Each test works on models with its own unique names; the collection runs them one after another because
// some of them kill the process or break the shared audit chain on purpose (and repair it).
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string SigningKey = "model-registry-tests-signing-key-0123456789-0123456789-abcdefghij";
    public const long MaxArtifactBytes = 3 * 1024 * 1024;

    public DistributedApplication App { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>([$"--Parameters:auth-signing-key={SigningKey}"]);
        builder.KeepOnly("model-registry");
        var registry = (ProjectResource)builder.Resources.Single(r => r.Name == "model-registry");
        builder.CreateResourceBuilder(registry).WithEnvironment("Artifacts__MaxBytes", MaxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        App = await builder.BuildAsync();
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        ConnectionString = await App.GetConnectionStringAsync("registrydb");
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public HttpClient Client(string role, string subject = "alice", string clearance = "restricted")
    {
        var client = App.CreateHttpClient("model-registry");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject, clearance));
        return client;
    }

    public HttpClient Anonymous() => App.CreateHttpClient("model-registry");

    public static string Token(string role, string subject, string? clearance) =>
        Reference.Hosting.Testing.PlatformTokens.Create(SigningKey, role, subject, clearance);

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
