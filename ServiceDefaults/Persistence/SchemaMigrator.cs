using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Reference.ServiceDefaults.Persistence;

/// <summary>
/// Applies ordered SQL scripts once each: the platform's own (audit, idempotency), then the service's embedded
/// <c>Migrations/NNNN_name.sql</c>. All under one advisory lock, so replicas that start together take turns;
/// each script in its own transaction with its checksum recorded, so an edited script is caught, not re-run.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Two-key advisory lock: a fixed namespace plus the database, so services on one server do not wait for each other.
    private const int LockNamespace = 0x52656600;

    public async Task<int> MigrateAsync(Assembly serviceAssembly, CancellationToken cancellationToken)
    {
        var scripts = Scripts(typeof(SchemaMigrator).Assembly, "platform")
            .Concat(Scripts(serviceAssembly, "service"))
            .ToList();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, "SELECT pg_advisory_lock($1, hashtext(current_database()))", cancellationToken, LockNamespace).ConfigureAwait(false);
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id text PRIMARY KEY,
                    sha256 text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken).ConfigureAwait(false);

            var applied = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var read = new NpgsqlCommand("SELECT id, sha256 FROM schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied[reader.GetString(0)] = reader.GetString(1);
                }
            }

            var count = 0;
            foreach (var script in scripts)
            {
                if (applied.TryGetValue(script.Id, out var sha))
                {
                    if (sha != script.Sha256)
                    {
                        throw new InvalidOperationException(
                            $"Migration '{script.Id}' was changed after it was applied to this database. Migrations are append-only: revert the edit and add a new script with a higher number.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var command = new NpgsqlCommand(script.Sql, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (id, sha256) VALUES ($1, $2)", connection, transaction)
                { Parameters = { new() { Value = script.Id }, new() { Value = script.Sha256 } } })
                {
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Applied migration {Migration}", script.Id);
                count++;
            }

            return count;
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock($1, hashtext(current_database()))", CancellationToken.None, LockNamespace).ConfigureAwait(false);
        }
    }

    private static IEnumerable<MigrationScript> Scripts(Assembly assembly, string origin) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, File: n[(n.LastIndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..]))
            .OrderBy(x => x.File, StringComparer.Ordinal)
            .Select(x =>
            {
                using var stream = assembly.GetManifestResourceStream(x.Resource)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var sql = reader.ReadToEnd();
                return new MigrationScript($"{origin}/{x.File[..^4]}", sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n")))));
            });

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed record MigrationScript(string Id, string Sql, string Sha256);
}
