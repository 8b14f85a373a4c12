using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.ModelRegistry.Artifacts;

// Keeps artifacts as files named by their sha256 under Artifacts:FileSystemRoot (a shared volume in a cluster).
// Bytes go to a staging file and are renamed into place before the transaction commits: a crash leaves at most
// a staging file or an unreferenced file, which ArtifactSweeper removes, never a version without its bytes.
internal sealed class FileSystemArtifactStore(IOptions<ArtifactOptions> options) : IArtifactStore
{
    public string Name => ArtifactStoreNames.FileSystem;

    private string Root => options.Value.FileSystemRoot
        ?? throw new InvalidOperationException("Artifacts:FileSystemRoot is not set; the filesystem artifact store needs a folder.");

    internal string PathFor(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    internal string StagingFolder => Path.Combine(Root, "staging");

    internal string? ConfiguredRoot => options.Value.FileSystemRoot;

    public Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredArtifact artifact, CancellationToken cancellationToken)
    {
        File.Delete(PathFor(artifact.Sha256));
        return Task.CompletedTask;
    }

    public Task<IArtifactWriter> BeginWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var staging = StagingFolder;
        Directory.CreateDirectory(staging);
        var path = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        return Task.FromResult<IArtifactWriter>(new Writer(this, connection, transaction, file, path));
    }

    public async Task CopyToAsync(StoredArtifact artifact, Stream destination, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(PathFor(artifact.Sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await file.CopyToAsync(destination, cancellationToken);
    }

    private sealed class Writer(FileSystemArtifactStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, FileStream file, string stagingPath) : IArtifactWriter
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => file.WriteAsync(data, cancellationToken);

        public async Task CommitAsync(string sha256, long sizeBytes, CancellationToken cancellationToken)
        {
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
            await file.DisposeAsync();
            // Held until commit, so the sweeper cannot remove this sha's file between the move and the commit.
            await ArtifactLocks.LockAsync(connection, transaction, sha256, cancellationToken);
            var final = store.PathFor(sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            // Always moved, even over the same content: an atomic rename, and it restores a file a failed sweep removed.
            File.Move(stagingPath, final, overwrite: true);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO artifact_blobs (sha256, size_bytes, store) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING", connection, transaction)
            {
                Parameters = { new() { Value = sha256 }, new() { Value = sizeBytes }, new() { Value = ArtifactStoreNames.FileSystem } },
            };
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync();
            File.Delete(stagingPath);
        }
    }
}
