using System.Buffers;
using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Reference.ModelRegistry.Artifacts;

// Keeps artifacts in PostgreSQL as 256 KiB bytea chunks, written inside the version's transaction.
internal sealed class PostgresArtifactStore(NpgsqlDataSource dataSource) : IArtifactStore
{
    internal const int ChunkBytes = 256 * 1024;

    public string Name => ArtifactStoreNames.Postgres;

    public Task<IArtifactWriter> BeginWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        Task.FromResult<IArtifactWriter>(new Writer(connection, transaction, Guid.CreateVersion7()));

    public async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredArtifact artifact, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand("DELETE FROM artifact_chunks WHERE content_id = $1", connection, transaction)
        {
            Parameters = { new() { Value = artifact.ContentId!.Value } },
        };
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CopyToAsync(StoredArtifact artifact, Stream destination, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT data FROM artifact_chunks WHERE content_id = $1 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = artifact.ContentId!.Value });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await using var chunk = await reader.GetStreamAsync(0, cancellationToken);
            await chunk.CopyToAsync(destination, cancellationToken);
        }
    }

    private sealed class Writer(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid contentId) : IArtifactWriter
    {
        private byte[]? buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        private int filled;
        private int sequence;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            while (!data.IsEmpty)
            {
                var take = Math.Min(ChunkBytes - filled, data.Length);
                data.Span[..take].CopyTo(buffer.AsSpan(filled));
                filled += take;
                data = data[take..];
                if (filled == ChunkBytes)
                {
                    await FlushAsync(cancellationToken);
                }
            }
        }

        public async Task CommitAsync(string sha256, long sizeBytes, CancellationToken cancellationToken)
        {
            if (filled > 0 || sequence == 0)
            {
                await FlushAsync(cancellationToken);
            }
            // Same bytes uploaded concurrently, or swept right now: the per-sha lock orders them (see ArtifactSweeper).
            await ArtifactLocks.LockAsync(connection, transaction, sha256, cancellationToken);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO artifact_blobs (sha256, size_bytes, store, content_id) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
                connection, transaction)
            {
                Parameters = { new() { Value = sha256 }, new() { Value = sizeBytes }, new() { Value = ArtifactStoreNames.Postgres }, new() { Value = contentId } },
            };
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // Already stored: keep the existing chunks and drop this upload's copy.
                await using var drop = new NpgsqlCommand("DELETE FROM artifact_chunks WHERE content_id = $1", connection, transaction)
                {
                    Parameters = { new() { Value = contentId } },
                };
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand("INSERT INTO artifact_chunks (content_id, seq, data) VALUES ($1, $2, $3)", connection, transaction)
            {
                Parameters =
                {
                    new() { Value = contentId },
                    new() { Value = sequence },
                    new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = buffer.AsMemory(0, filled), NpgsqlDbType = NpgsqlDbType.Bytea },
                },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
            sequence++;
            filled = 0;
        }

        public ValueTask DisposeAsync()
        {
            if (buffer is { } rented)
            {
                buffer = null;
                ArrayPool<byte>.Shared.Return(rented);
            }
            return ValueTask.CompletedTask;
        }
    }
}
