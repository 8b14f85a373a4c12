using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Npgsql;
using Reference.Hosting.Testing;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

[Collection(FileSystemRegistryCollection.Name)]
public sealed class FileSystemStoreTests(FileSystemRegistryFixture registry)
{
    [Fact]
    public async Task A_multi_mebibyte_upload_streams_to_a_file_is_hash_checked_cached_by_etag_and_survives_a_restart()
    {
        using var client = registry.Client("ml-engineer");
        var typed = new ModelRegistryClient(client);
        var name = RegistryFixture.UniqueName("fsstore");
        await Registry.CreateModelAsync(client, name);
        var artifact = Registry.RandomBytes(8 * 1024 * 1024 + 123);
        var sha = Registry.Sha256(artifact);

        var created = await typed.CreateVersionAsync(name, new VersionMetadata(Algorithm: "gbdt"), new MemoryStream(artifact), expectedSha256: sha);
        Assert.Equal(new ArtifactInfo(sha, artifact.Length), created.Artifact);
        await using (var file = File.OpenRead(registry.PathFor(sha)))
        {
            Assert.Equal(sha, Convert.ToHexStringLower(await SHA256.HashDataAsync(file)));
        }

        // Bytes changed on the way: refused, and nothing new is kept.
        var corrupted = (byte[])artifact.Clone();
        corrupted[^1] ^= 0xff;
        var mismatch = await Assert.ThrowsAsync<ModelRegistryException>(() => typed.CreateVersionAsync(name, new VersionMetadata(), new MemoryStream(corrupted), expectedSha256: sha));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.False(File.Exists(registry.PathFor(Registry.Sha256(corrupted))));
        Assert.Empty(Directory.EnumerateFiles(registry.StagingFolder));

        await AssertServedAsync(client, name, artifact, sha);
        using (var otherReplica = registry.Client("viewer", replica: 1))
        {
            await AssertServedAsync(otherReplica, name, artifact, sha);
        }

        registry.App.KillReplica("model-registry");
        using (var anonymous = registry.App.CreateHttpClient("model-registry"))
        {
            await Eventually.HealthyAsync(anonymous);
        }
        using var restarted = registry.Client("viewer");
        await AssertServedAsync(restarted, name, artifact, sha);
        Assert.Equal(sha, (await new ModelRegistryClient(restarted).GetVersionAsync(name, 1))!.Artifact.Sha256);
    }

    [Fact]
    public async Task The_sweep_removes_what_crashed_uploads_and_deleted_models_left_and_never_a_live_versions_artifact()
    {
        using var client = registry.Client("ml-engineer");
        var live = RegistryFixture.UniqueName("fslive");
        await Registry.CreateModelAsync(client, live);
        var liveVersion = await Registry.CreateVersionAsync(client, live, artifact: Registry.RandomBytes(4096));
        var livePath = registry.PathFor(liveVersion.Artifact.Sha256);
        // Age alone must not get a live artifact removed.
        File.SetLastWriteTimeUtc(livePath, DateTime.UtcNow.AddHours(-2));

        var deleted = RegistryFixture.UniqueName("fsgone");
        await Registry.CreateModelAsync(client, deleted);
        var deletedSha = (await Registry.CreateVersionAsync(client, deleted, artifact: Registry.RandomBytes(4096))).Artifact.Sha256;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/models/{deleted}")).StatusCode);
        Assert.True(File.Exists(registry.PathFor(deletedSha)));

        // A file under a sha256 name with no artifact row: an upload that moved its bytes into place, then failed.
        var straySha = Registry.Sha256(Registry.RandomBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(registry.PathFor(straySha))!);
        await File.WriteAllBytesAsync(registry.PathFor(straySha), [1, 2, 3]);
        File.SetLastWriteTimeUtc(registry.PathFor(straySha), DateTime.UtcNow.AddHours(-2));

        // An upload cut off by a crash of the service leaves its partial staging file behind.
        var crashed = RegistryFixture.UniqueName("fscrash");
        await Registry.CreateModelAsync(client, crashed);
        var before = Directory.Exists(registry.StagingFolder) ? Directory.GetFiles(registry.StagingFolder).ToHashSet() : [];
        var release = new TaskCompletionSource();
        var content = new HeldContent(512 * 1024, 1024, release.Task);
        var upload = client.PostAsync($"/api/models/{crashed}/versions", Registry.Upload("""{"algorithm":"gbdt"}""", content));
        await content.Sent;
        string partial = null!;
        await Eventually.TrueAsync(() =>
        {
            partial = Directory.Exists(registry.StagingFolder) ? Directory.GetFiles(registry.StagingFolder).FirstOrDefault(f => !before.Contains(f))! : null!;
            return Task.FromResult(partial is not null && new FileInfo(partial).Length > 0);
        }, "the upload writes its staging file");
        registry.App.KillReplica("model-registry");
        await Assert.ThrowsAnyAsync<Exception>(() => upload);
        release.SetResult();
        Assert.True(File.Exists(partial));

        await Eventually.TrueAsync(async () =>
            !File.Exists(partial) && !File.Exists(registry.PathFor(deletedSha)) && !File.Exists(registry.PathFor(straySha)) && !await BlobExistsAsync(deletedSha),
            "the sweep removes the partial upload, the deleted model's artifact and the stray file");

        Assert.True(File.Exists(livePath));
        Assert.True(await BlobExistsAsync(liveVersion.Artifact.Sha256));
        using (var anonymous = registry.App.CreateHttpClient("model-registry"))
        {
            await Eventually.HealthyAsync(anonymous);
        }
        using var reader = registry.Client("viewer", replica: 1);
        Assert.Equal(liveVersion.Artifact.Sha256, (await new ModelRegistryClient(reader).DownloadArtifactAsync(live, 1, Stream.Null)).Sha256);
        Assert.Empty((await Registry.ListVersionsAsync(reader, crashed)).Items);

        // Uploading the swept bytes again stores them again.
        using var writer = registry.Client("ml-engineer", replica: 1);
        var again = await new ModelRegistryClient(writer).CreateVersionAsync(live, new VersionMetadata(), new MemoryStream(Registry.RandomBytes(10)));
        Assert.True(File.Exists(registry.PathFor(again.Artifact.Sha256)));
    }

    private static async Task AssertServedAsync(HttpClient client, string name, byte[] artifact, string sha)
    {
        using (var response = await client.GetAsync($"/api/models/{name}/versions/1/artifact", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"\"{sha}\"", response.Headers.ETag?.Tag);
            Assert.Equal(artifact, await response.Content.ReadAsByteArrayAsync());
        }
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/models/{name}/versions/1/artifact");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        using var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    private async Task<bool> BlobExistsAsync(string sha256)
    {
        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM artifact_blobs WHERE sha256 = $1", connection) { Parameters = { new() { Value = sha256 } } };
        return await command.ExecuteScalarAsync() is not null;
    }
}
