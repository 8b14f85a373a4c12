using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.ModelRegistry.Artifacts;

// New artifacts go to the configured store; existing ones are read from the store that holds them.
internal sealed class ArtifactStores(PostgresArtifactStore postgres, FileSystemArtifactStore fileSystem, IOptions<ArtifactOptions> options, NpgsqlDataSource dataSource)
{
    public IArtifactStore ForWriting => For(options.Value.Store);

    public IArtifactStore For(string store) => store switch
    {
        ArtifactStoreNames.Postgres => postgres,
        ArtifactStoreNames.FileSystem => fileSystem,
        _ => throw new InvalidOperationException($"Artifact store '{store}' is not configured in this service."),
    };

    public async Task<StoredArtifact?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT size_bytes, store, content_id FROM artifact_blobs WHERE sha256 = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredArtifact(sha256, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2))
            : null;
    }
}
