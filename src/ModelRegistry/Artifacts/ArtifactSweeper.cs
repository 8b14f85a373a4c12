using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.ModelRegistry.Artifacts;

// Removes artifacts nothing refers to: blobs whose versions were deleted with their model, files that a crashed
// upload left in staging, and files moved into place by an upload whose transaction never committed. One replica
// sweeps at a time (a session advisory lock); each deletion takes the artifact's lock and re-checks, so an upload
// of the same bytes committing at that moment keeps its artifact.
internal sealed partial class ArtifactSweeper(
    NpgsqlDataSource dataSource,
    ArtifactStores stores,
    FileSystemArtifactStore fileSystem,
    IOptions<ArtifactSweepOptions> options,
    TimeProvider time,
    ILogger<ArtifactSweeper> logger) : BackgroundService
{
    private const long SweepLock = 0x52656604;
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    // Returns how many artifacts and files were removed, or null when another replica is sweeping.
    public async Task<int?> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = SweepLock } } })
        {
            if (!(bool)(await claim.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }
        try
        {
            var cutoff = time.GetUtcNow() - options.Value.GracePeriod;
            var removed = await SweepBlobsAsync(connection, cutoff, cancellationToken);
            if (fileSystem.ConfiguredRoot is { Length: > 0 })
            {
                removed += SweepStaging(cutoff);
                removed += await SweepStrayFilesAsync(connection, cutoff, cancellationToken);
            }
            if (removed > 0)
            {
                LogSwept(logger, removed);
            }
            return removed;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = SweepLock } } };
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Blobs that no version references (their model or versions were deleted).
    private async Task<int> SweepBlobsAsync(NpgsqlConnection connection, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        await using (var find = new NpgsqlCommand(
            """
            SELECT b.sha256 FROM artifact_blobs b
            WHERE b.created_at < $1 AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.artifact_sha256 = b.sha256)
            LIMIT $2
            """, connection) { Parameters = { new() { Value = cutoff }, new() { Value = Batch } } })
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(reader.GetString(0));
            }
        }

        var removed = 0;
        foreach (var sha256 in candidates)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ArtifactLocks.LockAsync(connection, transaction, sha256, cancellationToken);
            await using var delete = new NpgsqlCommand(
                """
                DELETE FROM artifact_blobs b WHERE b.sha256 = $1 AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.artifact_sha256 = b.sha256)
                RETURNING b.size_bytes, b.store, b.content_id
                """, connection, transaction) { Parameters = { new() { Value = sha256 } } };
            StoredArtifact? artifact = null;
            await using (var reader = await delete.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    artifact = new StoredArtifact(sha256, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2));
                }
            }
            if (artifact is not null)
            {
                await stores.For(artifact.Store).DeleteAsync(connection, transaction, artifact, cancellationToken);
                removed++;
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return removed;
    }

    // Staging files not written to for the grace period belong to uploads that crashed or were abandoned.
    private int SweepStaging(DateTimeOffset cutoff)
    {
        var staging = new DirectoryInfo(fileSystem.StagingFolder);
        if (!staging.Exists)
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in staging.EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                file.Delete();
                removed++;
            }
        }
        return removed;
    }

    // Files under their sha256 with no artifact_blobs row: moved into place by an upload that then failed.
    private async Task<int> SweepStrayFilesAsync(NpgsqlConnection connection, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(fileSystem.ConfiguredRoot!);
        if (!root.Exists)
        {
            return 0;
        }
        var old = new List<string>();
        foreach (var folder in root.EnumerateDirectories())
        {
            if (!ShardName().IsMatch(folder.Name))
            {
                continue;
            }
            foreach (var file in folder.EnumerateFiles())
            {
                if (Sha256Name().IsMatch(file.Name) && file.LastWriteTimeUtc < cutoff.UtcDateTime)
                {
                    old.Add(file.Name);
                }
            }
        }

        var removed = 0;
        foreach (var chunk in old.Chunk(Batch))
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            await using (var find = new NpgsqlCommand("SELECT sha256 FROM artifact_blobs WHERE sha256 = ANY($1)", connection) { Parameters = { new() { Value = chunk } } })
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    known.Add(reader.GetString(0));
                }
            }
            foreach (var sha256 in chunk.Where(s => !known.Contains(s)))
            {
                // Under the artifact's lock, check again: an upload of these bytes may have committed meanwhile.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ArtifactLocks.LockAsync(connection, transaction, sha256, cancellationToken);
                await using var check = new NpgsqlCommand("SELECT 1 FROM artifact_blobs WHERE sha256 = $1", connection, transaction) { Parameters = { new() { Value = sha256 } } };
                var path = fileSystem.PathFor(sha256);
                if (await check.ExecuteScalarAsync(cancellationToken) is null && File.GetLastWriteTimeUtc(path) < cutoff.UtcDateTime)
                {
                    File.Delete(path);
                    removed++;
                }
                await transaction.CommitAsync(cancellationToken);
            }
        }
        return removed;
    }

    [GeneratedRegex("^[0-9a-f]{2}$")]
    private static partial Regex ShardName();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Name();

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact sweep removed {Count} unreferenced artifacts and files")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Artifact sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
