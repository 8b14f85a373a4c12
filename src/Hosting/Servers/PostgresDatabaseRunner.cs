using Npgsql;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Servers;

/// <summary>Creates the database on its server when missing; healthy once it exists.</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource database, RunContext context) : ResourceRunner(database, context)
{
    private string state = KnownResourceStates.NotStarted;

    protected override string TypeName => "PostgreSQL database";

    protected override string CurrentState => state;

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var serverConnection = database.Server.GetConnectionString(Context.ExecutionContext) + ";Database=postgres;Pooling=false";
        await using var connection = new NpgsqlConnection(serverConnection);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database.DatabaseName } } };
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            // CREATE DATABASE takes no parameters; the name is quoted as an identifier instead.
            var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Context.Log.Info($"{Resource.Name}: created database '{database.DatabaseName}'.");
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created meanwhile by someone else: fine.
            }
        }

        state = KnownResourceStates.Healthy;
    }

    public override Task StopAsync(TimeSpan grace)
    {
        state = KnownResourceStates.Stopped;
        Publish();
        return Task.CompletedTask;
    }
}
