using System.Net;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

[Collection(FileSystemRegistryCollection.Name)]
public sealed class ExpensiveRequestLimitTests(FileSystemRegistryFixture registry)
{
    [Fact]
    public async Task When_transfers_saturate_the_replica_uploads_downloads_and_searches_get_429_with_retry_after_and_then_recover()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("busy");
        await Registry.CreateModelAsync(client, name);
        var existing = await Registry.CreateVersionAsync(client, name);

        // Hold as many uploads open as the replica admits. An upload opens its staging file only after it got past
        // the limiter, so once every held upload has one the replica is saturated (and no probe can race them).
        var staged = Directory.Exists(registry.StagingFolder) ? Directory.GetFiles(registry.StagingFolder).ToHashSet() : [];
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new List<(HttpClient Client, Task<HttpResponseMessage> Upload)>();
        for (var i = 0; i < FileSystemRegistryFixture.ExpensiveConcurrency; i++)
        {
            var uploader = registry.Client("ml-engineer");
            var content = new HeldContent(64 * 1024, 64 * 1024, release.Task);
            held.Add((uploader, uploader.PostAsync($"/api/models/{name}/versions", Registry.Upload("""{"algorithm":"gbdt"}""", content))));
            await content.Sent;
        }
        try
        {
            await Eventually.TrueAsync(
                () => Task.FromResult(Directory.GetFiles(registry.StagingFolder).Count(f => !staged.Contains(f)) == FileSystemRegistryFixture.ExpensiveConcurrency),
                $"{FileSystemRegistryFixture.ExpensiveConcurrency} held uploads are writing their artifacts", seconds: 30,
                describe: async () => "held: " + string.Join(", ", await Task.WhenAll(held.Select(async h => h.Upload.IsCompletedSuccessfully
                    ? $"{(int)h.Upload.Result.StatusCode} {await h.Upload.Result.Content.ReadAsStringAsync()}"
                    : h.Upload.Status + " " + h.Upload.Exception?.InnerException?.Message))));

            foreach (var refused in new[]
            {
                await client.GetAsync($"/api/models/{name}/versions/1/artifact"),
                await client.PostAsync($"/api/models/{name}/versions", Registry.Upload(new VersionMetadata(), [1, 2, 3])),
                await client.GetAsync($"/api/models?q={name}"),
                await client.GetAsync($"/api/2.0/mlflow/registered-models/search?filter=name%3D%27{name}%27"),
            })
            {
                var problem = await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests);
                Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
                Assert.Contains("Limits:ExpensiveConcurrency", problem.GetProperty("detail").GetString());
            }
            var typed = await Assert.ThrowsAsync<ModelRegistryException>(() => new ModelRegistryClient(client).DownloadArtifactAsync(name, 1, Stream.Null));
            Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2)), (typed.StatusCode, typed.RetryAfter));

            // Cheap paths stay open while the expensive ones are saturated, and the limit is per replica.
            Assert.Equal(1, (await new ModelRegistryClient(client).GetVersionAsync(name, 1))!.Version);
            using var otherReplica = registry.Client("viewer", replica: 1);
            Assert.Equal(existing.Artifact.Sha256, (await new ModelRegistryClient(otherReplica).DownloadArtifactAsync(name, 1, Stream.Null)).Sha256);
        }
        finally
        {
            release.SetResult();
        }

        foreach (var (uploader, upload) in held)
        {
            using var response = await upload;
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            uploader.Dispose();
        }
        // No refused upload left a version behind: 1 before plus the held ones, numbered without gaps.
        var versions = (await Registry.ListVersionsAsync(client, name)).Items.Select(v => v.Version);
        Assert.Equal(Enumerable.Range(1, FileSystemRegistryFixture.ExpensiveConcurrency + 1), versions);
        var info = await new ModelRegistryClient(client).DownloadArtifactAsync(name, 1, Stream.Null);
        Assert.Equal(existing.Artifact.Sha256, info.Sha256);
    }
}
