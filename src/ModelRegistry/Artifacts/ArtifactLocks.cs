using Npgsql;

namespace Reference.ModelRegistry.Artifacts;

// A transaction lock per sha256, taken by an upload before it records its artifact and by the sweeper before it
// deletes one: whichever comes second sees what the first committed, so a live artifact is never swept.
internal static class ArtifactLocks
{
    // The two-key form keeps these apart from the single-key locks (migrations, event order).
    private const int LockClass = 0x52656603;

    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, transaction)
        {
            Parameters = { new() { Value = LockClass }, new() { Value = sha256 } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
