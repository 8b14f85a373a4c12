using Npgsql;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ServiceDefaults.Tests.Persistence;

public class AuditLogTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Concurrent_mutations_form_one_unbroken_chain_and_rolled_back_ones_leave_nothing()
    {
        await using var dataSource = await postgres.CreateMigratedDatabaseAsync();
        var audit = new AuditLog(dataSource);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await audit.AppendAsync(connection, transaction, new AuditEntry("alice", "widget.create", $"widget:{i}", null, $$"""{"id":{{i}}}"""), CancellationToken.None);
            if (i % 5 == 0)
            {
                await transaction.RollbackAsync();
            }
            else
            {
                await transaction.CommitAsync();
            }
        })));

        var records = await audit.ListAsync(new AuditQuery { Limit = 100 }, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), records.Select(r => r.Id));
        Assert.All(records.Zip(records.Skip(1)), pair => Assert.Equal(pair.First.Hash, pair.Second.PreviousHash));
        Assert.Equal(new AuditVerification(true, 16, null, null), await audit.VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_table_refuses_changes_and_a_change_forced_by_a_superuser_is_detected()
    {
        await using var dataSource = await postgres.CreateMigratedDatabaseAsync();
        var audit = new AuditLog(dataSource);
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await audit.AppendAsync(connection, transaction, new AuditEntry("alice", "widget.update", "widget:1", $$"""{"v":{{i}}}""", $$"""{"v":{{i + 1}}}"""), CancellationToken.None);
            await transaction.CommitAsync();
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => dataSource.CreateCommand("UPDATE audit_log SET actor = 'mallory' WHERE id = 2").ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.MessageText);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await new NpgsqlCommand("SET session_replication_role = replica; UPDATE audit_log SET actor = 'mallory' WHERE id = 2", connection).ExecuteNonQueryAsync();
        }

        var verification = await audit.VerifyAsync(CancellationToken.None);
        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBrokenId);
        Assert.Contains("content does not match its hash", verification.Reason);
    }

    [Fact]
    public async Task A_deleted_record_is_detected_where_the_chain_breaks()
    {
        await using var dataSource = await postgres.CreateMigratedDatabaseAsync();
        var audit = new AuditLog(dataSource);
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await audit.AppendAsync(connection, transaction, new AuditEntry("bob", "widget.delete", $"widget:{i}", "{}", null), CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await new NpgsqlCommand("SET session_replication_role = replica; DELETE FROM audit_log WHERE id = 2", connection).ExecuteNonQueryAsync();
        }

        var verification = await audit.VerifyAsync(CancellationToken.None);
        Assert.Equal(3, verification.FirstBrokenId);
        Assert.Contains("record 2 is missing", verification.Reason);
        Assert.Equal(["widget:0"], (await audit.ListAsync(new AuditQuery { EntityPrefix = "widget:0" }, CancellationToken.None)).Select(r => r.Entity));
    }
}
