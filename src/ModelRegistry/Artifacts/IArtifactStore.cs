using Npgsql;

namespace Reference.ModelRegistry.Artifacts;

// Where artifact bytes live. Artifacts are content-addressed (sha256); the artifact_blobs row that makes one
// visible is written in the version's own transaction, so a version never points at half-written bytes.
// A cloud blob store is another implementation of this; the API does not change.
public interface IArtifactStore
{
    string Name { get; }

    Task<IArtifactWriter> BeginWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    Task CopyToAsync(StoredArtifact artifact, Stream destination, CancellationToken cancellationToken);

    // Removes the bytes of an artifact whose artifact_blobs row the caller's transaction is deleting.
    Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredArtifact artifact, CancellationToken cancellationToken);
}

// Bytes on their way in. Dispose without CommitAsync to abandon them.
public interface IArtifactWriter : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    // Records the artifact under its sha256 in the caller's transaction; identical content already stored is reused.
    Task CommitAsync(string sha256, long sizeBytes, CancellationToken cancellationToken);
}

public sealed record StoredArtifact(string Sha256, long SizeBytes, string Store, Guid? ContentId);
