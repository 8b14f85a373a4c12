using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Reference.ModelRegistry.Apis;
using Reference.ModelRegistry.Artifacts;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.Models;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Versions;

// POST /api/models/{name}/versions: multipart with a "metadata" JSON part first and an "artifact" part second.
// The artifact streams through a pooled buffer into the store and SHA-256 at once, never whole in memory, inside
// the transaction that then numbers and inserts the version: a version exists only with all of its bytes.
internal sealed class VersionUploadHandler(
    RegistryDatabase database,
    ModelStore models,
    VersionStore versions,
    ArtifactStores stores,
    IOptions<ArtifactOptions> options)
{
    private const int BufferBytes = 128 * 1024;

    public async Task<IResult> HandleAsync(string name, HttpContext http, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (ModelName.Problem(name) is { } nameProblem)
        {
            return new ValidationErrors().Add("name", nameProblem).ToProblem();
        }
        if (RegistryDatabase.ValidateIdempotencyKey(http) is { } badKey)
        {
            return badKey;
        }
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Problems.UnsupportedMediaType(
                "Upload a version as multipart/form-data with a 'metadata' part (JSON) followed by an 'artifact' part (the model file).");
        }
        var maxRequest = limits.MaxBytes + limits.MaxMetadataBytes + (64 * 1024);
        if (http.Request.ContentLength > maxRequest)
        {
            return TooLarge(limits);
        }
        if (!TryReadDigestHeader(http, out var headerSha))
        {
            return new ValidationErrors().Add("Digest", "Digest must be sha-256=<base64 or hex of the artifact's SHA-256>.").ToProblem();
        }
        if (await models.GetAsync(name, cancellationToken) is null)
        {
            return ModelsApi.UnknownModel(name);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxRequest;
        }

        var reader = new MultipartReader(boundary, http.Request.Body);
        var section = await reader.ReadNextSectionAsync(cancellationToken);
        if (section is null || PartName(section) != "metadata")
        {
            return Problems.BadRequest("The first part must be 'metadata' (JSON), followed by the 'artifact' part.", "Missing metadata part");
        }

        var metadataBytes = await ReadLimitedAsync(section.Body, limits.MaxMetadataBytes, cancellationToken);
        if (metadataBytes is null)
        {
            return Problems.TooLarge($"The metadata part is larger than {limits.MaxMetadataBytes} bytes; keep the data profile smaller.");
        }
        VersionMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize(metadataBytes, RegistryJsonContext.Default.VersionMetadata);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The metadata part is not valid version metadata: {ex.Message}", "Malformed JSON");
        }
        if (metadata is null)
        {
            return Problems.BadRequest("The metadata part is JSON null; send an object.", "Malformed JSON");
        }
        var errors = new ValidationErrors();
        VersionMetadataRules.Validate(metadata, errors);
        var expectedSha = headerSha ?? metadata.ExpectedSha256?.ToLowerInvariant();
        if (headerSha is not null && metadata.ExpectedSha256 is { } bodySha && !bodySha.Equals(headerSha, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("expectedSha256", "The Digest header and expectedSha256 disagree; send one of them.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        section = await reader.ReadNextSectionAsync(cancellationToken);
        if (section is null || PartName(section) != "artifact")
        {
            return Problems.BadRequest("After 'metadata' comes the 'artifact' part with the model file.", "Missing artifact part");
        }

        await using var tx = await database.BeginAsync(http, cancellationToken);
        var store = stores.ForWriting;
        string sha256;
        long size = 0;
        await using (var writer = await store.BeginWriteAsync(tx.Connection, tx.Transaction, cancellationToken))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
            try
            {
                int read;
                while ((read = await section.Body.ReadAsync(buffer.AsMemory(0, BufferBytes), cancellationToken)) > 0)
                {
                    size += read;
                    if (size > limits.MaxBytes)
                    {
                        return TooLarge(limits);
                    }
                    hash.AppendData(buffer, 0, read);
                    await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (size == 0)
            {
                return new ValidationErrors().Add("artifact", "The artifact part is empty; send the model file.").ToProblem();
            }
            if (expectedSha is not null && expectedSha != sha256)
            {
                return Problems.Unprocessable(
                    $"The artifact's SHA-256 is {sha256}, not the expected {expectedSha}: it was changed or cut short on the way. Upload it again.",
                    "Artifact digest mismatch");
            }
            await writer.CommitAsync(sha256, size, cancellationToken);
        }

        var identity = $"{tx.ToJson(metadata)}\nsha256:{sha256}";
        if (await tx.ClaimAsync($"POST /api/models/{name}/versions", identity, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var model = await models.LockAsync(tx, name, cancellationToken);
        if (model is null)
        {
            return ModelsApi.UnknownModel(name);
        }
        var created = await versions.InsertAsync(tx, model.Id, metadata, VersionMetadataRules.Normalize(metadata.Lineage), sha256, cancellationToken);
        await tx.AuditAsync("version.create", VersionsApi.Entity(name, created.Version.Version), null, created.Version, cancellationToken);
        return await tx.CommitAsync(StatusCodes.Status201Created, created.Version, $"/api/models/{name}/versions/{created.Version.Version}", cancellationToken);
    }

    private static IResult TooLarge(ArtifactOptions limits) =>
        Problems.TooLarge($"Artifacts may be at most {limits.MaxBytes} bytes (setting Artifacts:MaxBytes).");

    private static string? PartName(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
            : null;

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    // RFC 3230 "Digest: sha-256=<base64>" (hex accepted too); false when present but unusable.
    private static bool TryReadDigestHeader(HttpContext http, out string? sha256)
    {
        sha256 = null;
        var header = http.Request.Headers["Digest"].ToString();
        if (header.Length == 0)
        {
            return true;
        }
        foreach (var item in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=');
            if (equals <= 0 || !item[..equals].Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var value = item[(equals + 1)..];
            if (VersionMetadataRules.IsSha256(value))
            {
                sha256 = value.ToLowerInvariant();
                return true;
            }
            var bytes = new byte[32];
            if (Convert.TryFromBase64String(value, bytes, out var written) && written == 32)
            {
                sha256 = Convert.ToHexStringLower(bytes);
                return true;
            }
            return false;
        }
        return false;
    }
}
