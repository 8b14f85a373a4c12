using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Reference.ModelRegistry.Client;

// The typed client other services use: register versions (streaming upload), resolve aliases, download artifacts
// with their SHA-256 checked, and follow alias changes with automatic resume. Give it an HttpClient whose
// BaseAddress is the registry (e.g. "http://model-registry" with service discovery) and whose handler adds a token.
public sealed partial class ModelRegistryClient(HttpClient http)
{
    private static readonly RegistryJsonContext Json = RegistryJsonContext.Default;

    // Set by WithBearerToken: sent on every request instead of whatever the HttpClient's handlers would add.
    private AuthenticationHeaderValue? authorization;

    // The same registry, called with another identity: a service acting for a person (a token with an RFC 8693 "act"
    // claim) or a tool holding a person's token. The HttpClient is shared; only this client's requests carry it.
    public ModelRegistryClient WithBearerToken(string token) =>
        new(http) { ReconnectDelay = ReconnectDelay, authorization = new AuthenticationHeaderValue("Bearer", token) };

    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public async Task<RegisteredModel> CreateModelAsync(CreateModelRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/models") { Content = JsonContent.Create(request, Json.CreateModelRequest) };
        AddIdempotencyKey(message, idempotencyKey);
        return await SendAsync(message, Json.RegisteredModel, cancellationToken);
    }

    public async Task<RegisteredModel?> GetModelAsync(string model, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"api/models/{Uri.EscapeDataString(model)}");
        return await SendOrNullAsync(message, Json.RegisteredModel, cancellationToken);
    }

    // Streams the artifact: it is never held in memory here. The registry computes the SHA-256; pass the one you
    // computed to have the upload refused (422) if the bytes were changed on the way.
    public async Task<ModelVersion> CreateVersionAsync(
        string model, VersionMetadata metadata, Stream artifact, string? idempotencyKey = null, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        using var content = new MultipartFormDataContent();
        var metadataContent = new StringContent(JsonSerializer.Serialize(metadata, Json.VersionMetadata));
        metadataContent.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(metadataContent, "metadata");
        var artifactContent = new StreamContent(artifact, 128 * 1024);
        artifactContent.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifactContent, "artifact", "model.bin");

        using var message = new HttpRequestMessage(HttpMethod.Post, $"api/models/{Uri.EscapeDataString(model)}/versions") { Content = content };
        AddIdempotencyKey(message, idempotencyKey);
        if (expectedSha256 is not null)
        {
            message.Headers.TryAddWithoutValidation("Digest", $"sha-256={Convert.ToBase64String(Convert.FromHexString(expectedSha256))}");
        }
        return await SendAsync(message, Json.ModelVersion, cancellationToken);
    }

    public async Task<ModelVersion?> GetVersionAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"api/models/{Uri.EscapeDataString(model)}/versions/{version}");
        return await SendOrNullAsync(message, Json.ModelVersion, cancellationToken);
    }

    // The version an alias points at in the default environment (production), or null when the model has no such alias.
    public Task<ModelVersion?> ResolveAliasAsync(string model, string alias, CancellationToken cancellationToken = default) =>
        ResolveAliasAsync(model, alias, environment: null, cancellationToken);

    // The version an alias points at in one environment (null: the default one), or null when it points nowhere there.
    public async Task<ModelVersion?> ResolveAliasAsync(string model, string alias, string? environment, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, AliasPath(model, alias, environment));
        return await SendOrNullAsync(message, Json.ModelVersion, cancellationToken);
    }

    public Task<ModelVersion> SetAliasAsync(string model, string alias, int version, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SetAliasAsync(model, alias, version, environment: null, idempotencyKey, cancellationToken);

    public async Task<ModelVersion> SetAliasAsync(string model, string alias, int version, string? environment, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, AliasPath(model, alias, environment))
        {
            Content = JsonContent.Create(new SetAliasRequest(version), Json.SetAliasRequest),
        };
        AddIdempotencyKey(message, idempotencyKey);
        return await SendAsync(message, Json.ModelVersion, cancellationToken);
    }

    // Copies the artifact to destination while hashing it; throws ArtifactIntegrityException when the bytes do not
    // match the registry's sha256 (the ETag) or expectedSha256. Returns what was verified.
    public async Task<ArtifactInfo> DownloadArtifactAsync(string model, int version, Stream destination, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"api/models/{Uri.EscapeDataString(model)}/versions/{version}/artifact");
        using var response = await SendRawAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var recorded = response.Headers.ETag?.Tag.Trim('"');
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            size += read;
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        foreach (var expected in new[] { recorded, expectedSha256 })
        {
            if (expected is not null && !expected.Equals(actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArtifactIntegrityException($"The artifact of {model} v{version} hashes to {actual}, not {expected}; do not load it.");
            }
        }
        return new ArtifactInfo(actual, size);
    }

    // Alias changes in the default environment as they happen. After a dropped connection it reconnects and resumes
    // after the last event it yielded, so nothing is missed; pass afterId to resume from an earlier run.
    public IAsyncEnumerable<RegistryEvent> SubscribeAsync(long? afterId = null, string? model = null, CancellationToken cancellationToken = default) =>
        SubscribeAsync(afterId, model, environment: null, cancellationToken);

    // As above for one environment; "*" follows every environment (each event names its own).
    public async IAsyncEnumerable<RegistryEvent> SubscribeAsync(long? afterId, string? model, string? environment, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterId;
        while (!cancellationToken.IsCancellationRequested)
        {
            var query = new List<string>();
            if (model is not null)
            {
                query.Add($"model={Uri.EscapeDataString(model)}");
            }
            if (environment is not null)
            {
                query.Add($"environment={Uri.EscapeDataString(environment)}");
            }
            if (last is { } resumeAfter)
            {
                query.Add($"after={resumeAfter}");
            }
            using var message = new HttpRequestMessage(HttpMethod.Get, "api/events" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            HttpResponseMessage? response = null;
            IAsyncEnumerator<ServerSentEvent>? events = null;
            try
            {
                try
                {
                    response = await SendRawAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    await EnsureSuccessAsync(response, cancellationToken);
                    events = ServerSentEvent.ReadAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken).GetAsyncEnumerator(cancellationToken);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    events = null;
                }

                while (events is not null)
                {
                    ServerSentEvent? next;
                    try
                    {
                        next = await events.MoveNextAsync() ? events.Current : null;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                    {
                        next = null;
                    }
                    if (next is null)
                    {
                        break;
                    }
                    if (next.Data is null || next.Event is null)
                    {
                        continue;
                    }
                    var change = JsonSerializer.Deserialize(next.Data, Json.RegistryEvent)!;
                    last = change.Id;
                    yield return change;
                }
            }
            finally
            {
                if (events is not null)
                {
                    await events.DisposeAsync();
                }
                response?.Dispose();
            }
            await Task.Delay(ReconnectDelay, cancellationToken);
        }
    }

    private static string AliasPath(string model, string alias, string? environment) =>
        $"api/models/{Uri.EscapeDataString(model)}/aliases/{Uri.EscapeDataString(alias)}" + (environment is null ? "" : $"?environment={Uri.EscapeDataString(environment)}");

    private static void AddIdempotencyKey(HttpRequestMessage message, string? key)
    {
        if (key is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }
    }

    private Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (authorization is not null)
        {
            message.Headers.Authorization = authorization;
        }
        return http.SendAsync(message, completion, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(type, cancellationToken))!;
    }

    private async Task<T?> SendOrNullAsync<T>(HttpRequestMessage message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        using var response = await SendRawAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? detail = null;
        try
        {
            using var problem = JsonDocument.Parse(text);
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
        }
        catch (JsonException)
        {
        }
        throw new ModelRegistryException(response.StatusCode, $"The model registry answered {(int)response.StatusCode}: {detail ?? text}")
        {
            RetryAfter = response.Headers.RetryAfter?.Delta,
        };
    }
}
