using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ServiceDefaults.Tests.Persistence;

public class SchemaMigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Replicas_starting_together_apply_each_script_exactly_once_in_order()
    {
        await using var dataSource = await postgres.CreateDatabaseAsync();
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => migrator.MigrateAsync(typeof(PostgresFixture).Assembly, CancellationToken.None))));

        Assert.Equal(5, applied.Sum());
        Assert.Equal(0, await migrator.MigrateAsync(typeof(PostgresFixture).Assembly, CancellationToken.None));
        await using var command = dataSource.CreateCommand("SELECT id FROM schema_migrations ORDER BY applied_at, id");
        var ids = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["platform/0001_audit_log", "platform/0002_idempotency_keys", "platform/0003_audit_via", "service/0001_widgets", "service/0002_widget_color"], ids);
        await dataSource.CreateCommand("INSERT INTO widgets (id, name, color) VALUES (1, 'a', 'red')").ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_script_edited_after_it_was_applied_stops_startup_with_a_clear_message()
    {
        await using var dataSource = await postgres.CreateMigratedDatabaseAsync();
        await dataSource.CreateCommand("UPDATE schema_migrations SET sha256 = 'edited' WHERE id = 'service/0001_widgets'").ExecuteNonQueryAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(typeof(PostgresFixture).Assembly, CancellationToken.None));

        Assert.Contains("Migration 'service/0001_widgets' was changed after it was applied", error.Message);
    }
}
