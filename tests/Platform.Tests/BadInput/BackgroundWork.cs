using Npgsql;
using Reference.Hosting.Testing;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.BadInput;

// Work that earlier tests on the same topology queued (training jobs, materializations) changes stored state while it
// runs; the battery's before-snapshot waits until none is open, so that a change it sees is the battery's own.
public static class BackgroundWork
{
    private static readonly (string Database, string Query)[] OpenWork =
    [
        ("trainingdb", "SELECT count(*) FROM training_jobs WHERE state IN ('Queued', 'Running')"),
        ("featuresdb", "SELECT count(*) FROM materializations WHERE state IN ('queued', 'running')"),
    ];

    // Null when nothing is open, else what still was after the timeout.
    public static async Task<string?> WaitUntilIdleAsync(PlatformFixture platform, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var open = new List<string>();
            foreach (var (database, query) in OpenWork)
            {
                await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(query, connection);
                if ((long)(await command.ExecuteScalarAsync())! is var count and > 0)
                {
                    open.Add($"{database}: {count} open ({query})");
                }
            }
            if (open.Count == 0)
            {
                return null;
            }
            if (DateTime.UtcNow > deadline)
            {
                return string.Join("; ", open);
            }
            // PostgreSQL does not notify these tables' changes; ask again shortly.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
