using System.Text.Json;
using System.Text.RegularExpressions;
using Reference.Hosting.Publishing;
using Reference.Hosting.Testing;

namespace Reference.Hosting.Tests;

public partial class AspireManifestTests
{
    [Fact]
    public void The_manifest_has_every_resource_in_its_aspire_8_form_with_resolvable_expressions()
    {
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions { Args = ["publish"] });
        var key = builder.AddJwtSigningKey();
        var db = builder.AddPostgres("pg").AddDatabase("appdb");
        var cache = builder.AddRedis("cache");
        var api = builder.AddProject<Projects.Reference_SampleService>("api").WithReplicas(2).WithReference(db).WithReference(cache).WithJwtSigningKey(key);
        builder.AddProject<Projects.Reference_SampleService>("web").WithReference(api);
        builder.AddProject<Projects.Reference_SampleService>("telemetry").WithOtlpReceiver();

        var text = AspireManifestWriter.Write(builder.Resources, builder.AppHostDirectory);
        var resources = JsonDocument.Parse(text).RootElement.GetProperty("resources");

        Assert.Equal(builder.Resources.Select(r => r.Name).Order(), resources.EnumerateObject().Select(p => p.Name).Order());
        foreach (var resource in resources.EnumerateObject())
        {
            var type = resource.Value.GetProperty("type").GetString();
            string[] required = type switch
            {
                "project.v0" => ["path"],
                "container.v0" => ["image"],
                "value.v0" => ["connectionString"],
                "parameter.v0" => ["value", "inputs"],
                _ => throw new Xunit.Sdk.XunitException($"unexpected type {type}"),
            };
            Assert.All(required, field => Assert.True(resource.Value.TryGetProperty(field, out _), $"{resource.Name} lacks {field}"));
            if (resource.Value.TryGetProperty("bindings", out var bindings))
            {
                Assert.All(bindings.EnumerateObject(), b => Assert.All(new[] { "scheme", "protocol", "transport" }, f => Assert.True(b.Value.TryGetProperty(f, out _))));
            }
        }

        var env = resources.GetProperty("api").GetProperty("env");
        Assert.Equal("{appdb.connectionString}", env.GetProperty("ConnectionStrings__appdb").GetString());
        Assert.Equal("{cache.connectionString}", env.GetProperty("ConnectionStrings__cache").GetString());
        Assert.Equal("{auth-signing-key.value}", env.GetProperty("Auth__SigningKey").GetString());
        Assert.Equal("{telemetry.bindings.http.url}", env.GetProperty("OTEL_EXPORTER_OTLP_ENDPOINT").GetString());
        Assert.Equal("{api.bindings.http.url}", resources.GetProperty("web").GetProperty("env").GetProperty("services__api__http__0").GetString());
        Assert.Equal("{pg.connectionString};Database=appdb", resources.GetProperty("appdb").GetProperty("connectionString").GetString());
        Assert.True(resources.GetProperty("auth-signing-key").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());

        // Every {name.…} expression names a resource in the manifest; no secret value is written.
        foreach (Match m in Expression().Matches(text))
        {
            Assert.True(resources.TryGetProperty(m.Groups[1].Value, out _), $"{m.Value} names no resource");
        }

        Assert.DoesNotMatch("(?i)password=(?!\\{)", text);
        Assert.False(File.Exists(Path.Combine(builder.StateDirectory, "secrets.json")), "publishing generated a secret");
    }

    [GeneratedRegex(@"\{([a-zA-Z][a-zA-Z0-9-]*)\.(?:connectionString|value|bindings\.[a-z]+\.[a-zA-Z]+|inputs\.value)\}")]
    private static partial Regex Expression();
}
