using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reference.ModelRegistry.Client;

namespace Reference.ModelRegistry.Tests.Support;

// Small helpers over the HTTP API that the tests share.
internal static class Registry
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(RegistryJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    public static async Task<RegisteredModel> CreateModelAsync(HttpClient client, string name, Dictionary<string, string>? tags = null, string? useCase = null)
    {
        var response = await client.PostAsJsonAsync("/api/models", new CreateModelRequest(name, "test model", tags, useCase), Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RegisteredModel>(Json))!;
    }

    public static MultipartFormDataContent Upload(VersionMetadata metadata, byte[] artifact) => Upload(JsonSerializer.Serialize(metadata, Json), new ByteArrayContent(artifact));

    public static MultipartFormDataContent Upload(string metadataJson, HttpContent artifact)
    {
        var content = new MultipartFormDataContent();
        var metadata = new StringContent(metadataJson, Encoding.UTF8);
        metadata.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(metadata, "metadata");
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", "model.bin");
        return content;
    }

    public static async Task<ModelVersion> CreateVersionAsync(HttpClient client, string model, VersionMetadata? metadata = null, byte[]? artifact = null)
    {
        var response = await client.PostAsync($"/api/models/{model}/versions", Upload(metadata ?? new VersionMetadata(Algorithm: "gbdt"), artifact ?? RandomBytes(1024)));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ModelVersion>(Json))!;
    }

    public static async Task<Page<ModelVersion>> ListVersionsAsync(HttpClient client, string model)
    {
        var response = await client.GetAsync($"/api/models/{model}/versions?pageSize=1000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Page<ModelVersion>>(Json))!;
    }

    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
