using Microsoft.Net.Http.Headers;

namespace Reference.ModelRegistry.Artifacts;

// Streams an artifact from its store with its sha256 as a strong ETag; If-None-Match with it answers 304.
internal sealed class ArtifactDownloadResult(StoredArtifact artifact, IArtifactStore store, string fileName) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var etag = new EntityTagHeaderValue($"\"{artifact.Sha256}\"");
        var response = httpContext.Response;
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = "private, max-age=31536000, immutable";
        if (EntityTagHeaderValue.TryParseList(httpContext.Request.Headers.IfNoneMatch, out var candidates)
            && candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = artifact.SizeBytes;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(artifact.Sha256))}:";
        await store.CopyToAsync(artifact, response.Body, httpContext.RequestAborted);
    }
}
