using System.Text.Json;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

[Collection(RegistryCollection.Name)]
public sealed class OpenApiTests(RegistryFixture registry)
{
    [Fact]
    public async Task The_version_upload_is_described_as_a_metadata_json_part_and_a_binary_artifact_part()
    {
        using var anonymous = registry.Anonymous();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var upload = document.RootElement.GetProperty("paths").EnumerateObject()
            .Single(p => p.Name.TrimEnd('/') == "/api/models/{name}/versions").Value.GetProperty("post");
        var multipart = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data");
        var schema = multipart.GetProperty("schema");
        Assert.Equal(["metadata", "artifact"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("binary", schema.GetProperty("properties").GetProperty("artifact").GetProperty("format").GetString());
        var metadata = schema.GetProperty("properties").GetProperty("metadata");
        Assert.EndsWith("/VersionMetadata", metadata.GetProperty("$ref").GetString());
        Assert.Equal("application/json", multipart.GetProperty("encoding").GetProperty("metadata").GetProperty("contentType").GetString());
        Assert.True(upload.GetProperty("responses").TryGetProperty("429", out _));
    }
}
