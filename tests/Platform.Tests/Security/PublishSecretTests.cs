using Reference.Hosting.Testing;

namespace Reference.Platform.Tests.Security;

// The AppHost's own `publish` (AppHost/Program.cs, the repository's deploy/ and src/UseCases) with known values for
// every secret parameter: none of them, nor any JWT, is written to the manifests, overlays or documents it produces.
public sealed class PublishSecretTests
{
    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["auth-signing-key"] = "publish-scan-signing-key-that-must-stay-local-0123456789abcdef",
        ["postgres-password"] = "publish-scan-postgres-password-4d1f9a",
        ["online-store-password"] = "publish-scan-redis-password-8b2e71",
    };

    [Fact]
    public async Task Publish_output_holds_no_secret_value()
    {
        var output = Path.Combine(Path.GetTempPath(), "reference-platform-tests", "publish-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["publish", "--output", output]);
            foreach (var (name, value) in Parameters)
            {
                builder.Configuration[$"Parameters:{name}"] = value;
            }
            await using var app = await builder.BuildAsync();
            Assert.Equal(0, await app.RunAsync());

            var scanner = new SecretScanner();
            foreach (var (name, value) in Parameters)
            {
                scanner.Add(name, value);
            }
            var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).ToList();
            Assert.Contains(files, f => f.EndsWith("aspire-manifest.json", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith(".yaml", StringComparison.Ordinal));
            foreach (var file in files)
            {
                scanner.Scan(Path.GetRelativePath(output, file), await File.ReadAllTextAsync(file));
            }
            Assert.True(scanner.Hits.Count == 0, $"secrets in the published output:\n{string.Join('\n', scanner.Hits)}");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
