using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

[Collection(RegistryCollection.Name)]
public sealed class VersionsApiTests(RegistryFixture registry)
{
    private static readonly VersionMetadata FullMetadata = new(
        SourceRunId: "run-42",
        Algorithm: "gbdt",
        Hyperparameters: new() { ["trees"] = JsonSerializer.SerializeToElement(200), ["learningRate"] = JsonSerializer.SerializeToElement(0.1) },
        Metrics: new() { ["auc"] = 0.91 },
        Signature: new ModelSignature([new SignatureField("amount", "float64"), new SignatureField("country", "string", false)], [new SignatureField("score", "float64")]),
        DataProfile: JsonSerializer.SerializeToElement(new { features = new { amount = new { quantiles = new[] { 1.0, 5.0, 20.0 } } } }),
        Lineage: new ModelLineage("job-7", new string('a', 64), [new FeatureViewReference("card_txn_stats", 3)], "confidential", "eu"),
        Description: "first",
        Tags: new() { ["owner"] = "risk" });

    [Fact]
    public async Task Sixteen_parallel_creates_number_the_versions_1_to_16_without_gaps()
    {
        using var client = registry.Client("service", subject: "training-runner");
        var name = RegistryFixture.UniqueName("par");
        await Registry.CreateModelAsync(registry.Client("ml-engineer"), name);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            client.PostAsync($"/api/models/{name}/versions", Registry.Upload(new VersionMetadata(Algorithm: "gbdt"), Registry.RandomBytes(300_000)))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var numbers = (await Registry.ListVersionsAsync(client, name)).Items.Select(v => v.Version).ToList();
        Assert.Equal(Enumerable.Range(1, 16), numbers);
        var model = (await client.GetFromJsonAsync<RegisteredModel>($"/api/models/{name}", Registry.Json))!;
        Assert.Equal(16, model.LatestVersion);
    }

    [Fact]
    public async Task A_version_keeps_its_metadata_lineage_and_artifact_and_downloads_with_its_sha_as_etag()
    {
        using var client = registry.Client("data-scientist");
        var name = RegistryFixture.UniqueName("full");
        await Registry.CreateModelAsync(client, name);
        var artifact = Registry.RandomBytes(700_000);
        var version = await Registry.CreateVersionAsync(client, name, FullMetadata, artifact);

        Assert.Equal(1, version.Version);
        Assert.Equal(Registry.Sha256(artifact), version.Artifact.Sha256);
        Assert.Equal(artifact.Length, version.Artifact.SizeBytes);
        Assert.Equal("run-42", version.SourceRunId);
        Assert.Equal(0.91, version.Metrics["auc"]);
        Assert.Equal(200, version.Hyperparameters["trees"].GetInt32());
        Assert.Equal("amount", version.Signature!.Inputs![0].Name);
        Assert.Equal("confidential", version.Lineage.Classification);
        Assert.Equal("eu", version.Lineage.Residency);
        Assert.Equal("card_txn_stats", version.Lineage.FeatureViews![0].Name);
        Assert.Equal("alice", version.CreatedBy);

        var lineage = (await client.GetFromJsonAsync<VersionLineage>($"/api/models/{name}/versions/1/lineage", Registry.Json))!;
        Assert.Equal("job-7", lineage.Lineage.TrainingJobId);
        var latest = (await client.GetFromJsonAsync<ModelVersion>($"/api/models/{name}/versions/latest", Registry.Json))!;
        Assert.Equal(1, latest.Version);
        using var profile = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{name}/versions/1/data-profile"));
        Assert.Equal(20.0, profile.RootElement.GetProperty("features").GetProperty("amount").GetProperty("quantiles")[2].GetDouble());

        var download = await client.GetAsync($"/api/models/{name}/versions/1/artifact");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"\"{version.Artifact.Sha256}\"", download.Headers.ETag!.Tag);
        Assert.Equal(artifact, await download.Content.ReadAsByteArrayAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/models/{name}/versions/1/artifact");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{version.Artifact.Sha256}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        var typed = new ModelRegistryClient(client);
        using var copy = new MemoryStream();
        var verified = await typed.DownloadArtifactAsync(name, 1, copy, version.Artifact.Sha256);
        Assert.Equal(artifact, copy.ToArray());
        Assert.Equal(version.Artifact.Sha256, verified.Sha256);
        await Assert.ThrowsAsync<ArtifactIntegrityException>(() => typed.DownloadArtifactAsync(name, 1, new MemoryStream(), new string('0', 64)));
    }

    [Fact]
    public async Task Identical_artifacts_are_stored_once()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("dedup");
        await Registry.CreateModelAsync(client, name);
        var artifact = Registry.RandomBytes(600_000);
        await Registry.CreateVersionAsync(client, name, artifact: artifact);
        await Registry.CreateVersionAsync(client, name, artifact: artifact);

        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(DISTINCT c.content_id) FROM artifact_blobs b JOIN artifact_chunks c ON c.content_id = b.content_id WHERE b.sha256 = $1", connection);
        command.Parameters.AddWithValue(Registry.Sha256(artifact));
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_creates_one_version_even_concurrently()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("idemv");
        await Registry.CreateModelAsync(client, name);
        var artifact = Registry.RandomBytes(200_000);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{name}/versions") { Content = Registry.Upload(FullMetadata, artifact) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var responses = await Task.WhenAll(Post(), Post());
        var again = await Post();
        Assert.All(responses.Append(again), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Append(again).Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Single((await Registry.ListVersionsAsync(client, name)).Items);
    }

    [Fact]
    public async Task A_digest_mismatch_is_refused_and_leaves_no_version()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("digest");
        await Registry.CreateModelAsync(client, name);
        var artifact = Registry.RandomBytes(100_000);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{name}/versions") { Content = Registry.Upload(FullMetadata, artifact) };
        request.Headers.TryAddWithoutValidation("Digest", $"sha-256={Convert.ToBase64String(new byte[32])}");
        var problem = await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Registry.Sha256(artifact), problem.GetProperty("detail").GetString());

        var typed = new ModelRegistryClient(client);
        var ok = await typed.CreateVersionAsync(name, FullMetadata, new MemoryStream(artifact), expectedSha256: Registry.Sha256(artifact));
        Assert.Equal(1, ok.Version);
    }

    [Fact]
    public async Task An_oversize_artifact_gets_413_and_leaves_no_version()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("big");
        await Registry.CreateModelAsync(client, name);

        // Streamed without a Content-Length, so the service has to count while it reads.
        var oversize = new StreamContent(new MemoryStream(Registry.RandomBytes((int)RegistryFixture.MaxArtifactBytes + 1)));
        var upload = Registry.Upload(JsonSerializer.Serialize(FullMetadata, Registry.Json), oversize);
        upload.Headers.ContentLength = null;
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync($"/api/models/{name}/versions", upload);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection before the client finishes sending; what matters is below.
            response = null!;
        }
        if (response is not null)
        {
            await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        }
        Assert.Empty((await Registry.ListVersionsAsync(client, name)).Items);

        // With a Content-Length the answer comes before the body is read.
        var declared = Registry.Upload(FullMetadata, Registry.RandomBytes((int)RegistryFixture.MaxArtifactBytes + 200_000));
        await Problem.AssertAsync(await client.PostAsync($"/api/models/{name}/versions", declared), HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty((await Registry.ListVersionsAsync(client, name)).Items);
    }

    [Fact]
    public async Task An_upload_cut_off_by_the_client_leaves_no_version()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("cut");
        await Registry.CreateModelAsync(client, name);

        var sent = new TaskCompletionSource();
        var artifact = new ThrottledContent(2 * 1024 * 1024, afterBytes: 1024 * 1024, reached: sent);
        using var cancel = new CancellationTokenSource();
        var upload = client.PostAsync($"/api/models/{name}/versions", Registry.Upload(JsonSerializer.Serialize(FullMetadata, Registry.Json), artifact), cancel.Token);
        await sent.Task;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);

        Assert.Empty((await Registry.ListVersionsAsync(client, name)).Items);
        var model = (await client.GetFromJsonAsync<RegisteredModel>($"/api/models/{name}", Registry.Json))!;
        Assert.Equal(0, model.LatestVersion);
        Assert.Equal(1, (await Registry.CreateVersionAsync(client, name)).Version);
    }

    [Fact]
    public async Task An_upload_interrupted_by_a_crash_of_the_service_leaves_no_version()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("crash");
        await Registry.CreateModelAsync(client, name);

        var sent = new TaskCompletionSource();
        var artifact = new ThrottledContent(2 * 1024 * 1024, afterBytes: 1024 * 1024, reached: sent);
        var upload = client.PostAsync($"/api/models/{name}/versions", Registry.Upload(JsonSerializer.Serialize(FullMetadata, Registry.Json), artifact));
        await sent.Task;
        registry.App.KillReplica("model-registry");
        await Assert.ThrowsAnyAsync<Exception>(() => upload);

        await WaitUntilHealthyAsync();
        Assert.Empty((await Registry.ListVersionsAsync(client, name)).Items);
        Assert.Equal(1, (await Registry.CreateVersionAsync(client, name)).Version);
    }

    [Fact]
    public async Task Versions_are_immutable_except_description_and_tags()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("immut");
        await Registry.CreateModelAsync(client, name);
        await Registry.CreateVersionAsync(client, name, FullMetadata);

        var patch = await client.PatchAsJsonAsync($"/api/models/{name}/versions/1", new UpdateVersionRequest("better words", new() { ["owner"] = null, ["reviewed"] = "yes" }), Registry.Json);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var version = (await patch.Content.ReadFromJsonAsync<ModelVersion>(Registry.Json))!;
        Assert.Equal("better words", version.Description);
        Assert.Equal(new Dictionary<string, string> { ["reviewed"] = "yes" }, version.Tags);

        await Problem.AssertAsync(await client.PatchAsync($"/api/models/{name}/versions/1", new StringContent("""{"metrics": {"auc": 0.99}}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        var after = (await client.GetFromJsonAsync<ModelVersion>($"/api/models/{name}/versions/1", Registry.Json))!;
        Assert.Equal(0.91, after.Metrics["auc"]);
    }

    [Fact]
    public async Task Bad_uploads_get_the_right_4xx_and_create_nothing()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("badv");
        await Registry.CreateModelAsync(client, name);
        var bytes = new ByteArrayContent(Registry.RandomBytes(1000));

        await Problem.AssertAsync(await client.PostAsync($"/api/models/{name}/versions", Registry.Upload("{\"algorithm\": ", new ByteArrayContent([1]))), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.PostAsync($"/api/models/{name}/versions", Registry.Upload("""{"metrics": {"auc": "high"}}""", new ByteArrayContent([1]))), HttpStatusCode.BadRequest);
        var invalid = await Problem.AssertAsync(await client.PostAsync($"/api/models/{name}/versions",
            Registry.Upload("""{"lineage": {"classification": "secret", "datasetSha256": "xyz", "residency": "EU!"}, "signature": {"inputs": [{"name": "a", "type": "complex"}]}}""", new ByteArrayContent([1]))), HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("lineage.classification", out _));
        Assert.True(errors.TryGetProperty("lineage.datasetSha256", out _));
        Assert.True(errors.TryGetProperty("lineage.residency", out _));
        Assert.True(errors.TryGetProperty("signature.inputs[0].type", out _));
        await Problem.AssertAsync(await client.PostAsync($"/api/models/{name}/versions", Registry.Upload("{}", new ByteArrayContent([]))), HttpStatusCode.BadRequest);

        var artifactOnly = new MultipartFormDataContent { { bytes, "artifact", "model.bin" } };
        await Problem.AssertAsync(await client.PostAsync($"/api/models/{name}/versions", artifactOnly), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.PostAsync($"/api/models/{name}/versions", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.UnsupportedMediaType);
        await Problem.AssertAsync(await client.PostAsync($"/api/models/nope-{Guid.NewGuid():N}/versions", Registry.Upload("{}", new ByteArrayContent([1]))), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.PostAsync("/api/models/..%2Fx/versions", Registry.Upload("{}", new ByteArrayContent([1]))), HttpStatusCode.BadRequest);
        Assert.Empty((await Registry.ListVersionsAsync(client, name)).Items);

        await Problem.AssertAsync(await client.GetAsync($"/api/models/{name}/versions/0"), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.GetAsync($"/api/models/{name}/versions/abc"), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.GetAsync($"/api/models/{name}/versions/7"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync($"/api/models/{name}/versions/latest"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync($"/api/models/{name}/versions/7/artifact"), HttpStatusCode.NotFound);
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var probe = registry.Anonymous();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/health", timeout.Token)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, timeout.Token);
        }
    }

    // Sends `total` bytes slowly and signals once `afterBytes` have gone out, so a test can interrupt mid-upload.
    private sealed class ThrottledContent(int total, int afterBytes, TaskCompletionSource reached) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            var chunk = Registry.RandomBytes(64 * 1024);
            for (var sent = 0; sent < total; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                if (sent + chunk.Length >= afterBytes)
                {
                    reached.TrySetResult();
                    await Task.Delay(50, cancellationToken);
                }
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
