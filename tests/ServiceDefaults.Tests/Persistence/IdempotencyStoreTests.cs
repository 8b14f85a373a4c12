using Npgsql;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ServiceDefaults.Tests.Persistence;

public class IdempotencyStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_retried_request_gets_the_first_response_and_a_reused_key_with_another_body_is_refused()
    {
        await using var dataSource = await postgres.CreateMigratedDatabaseAsync();
        var store = new IdempotencyStore(dataSource);

        Assert.True((await CreateWidgetAsync(dataSource, store, "key-1", """{"name":"a"}""", 1)).IsNew);
        var retried = await CreateWidgetAsync(dataSource, store, "key-1", """{"name":"a"}""", 2);
        var reused = await CreateWidgetAsync(dataSource, store, "key-1", """{"name":"b"}""", 3);

        Assert.Equal(new StoredResponse(201, "application/json", """{"id":1}""", "/widgets/1"), retried.Replay);
        Assert.True(reused.Mismatch);
        Assert.Equal(1L, await dataSource.CreateCommand("SELECT count(*) FROM widgets").ExecuteScalarAsync());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_act_once()
    {
        await using var dataSource = await postgres.CreateMigratedDatabaseAsync();
        var store = new IdempotencyStore(dataSource);

        var claims = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => CreateWidgetAsync(dataSource, store, "same", """{"name":"x"}""", i))));

        Assert.Single(claims, c => c.IsNew);
        Assert.Equal(7, claims.Count(c => c.Replay is not null));
        Assert.Equal(1L, await dataSource.CreateCommand("SELECT count(*) FROM widgets").ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_rolled_back_attempt_leaves_the_key_free()
    {
        await using var dataSource = await postgres.CreateMigratedDatabaseAsync();
        var store = new IdempotencyStore(dataSource);
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.True((await store.ClaimAsync(connection, transaction, "POST /widgets", "k", "{}", CancellationToken.None)).IsNew);
            await transaction.RollbackAsync();
        }

        Assert.True((await CreateWidgetAsync(dataSource, store, "k", "{}", 1)).IsNew);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("é")]
    public void Unusable_keys_are_described(string key) => Assert.NotNull(IdempotencyStore.Validate(key));

    private static async Task<IdempotencyClaim> CreateWidgetAsync(NpgsqlDataSource dataSource, IdempotencyStore store, string key, string body, int id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var claim = await store.ClaimAsync(connection, transaction, "POST /widgets", key, body, CancellationToken.None);
        if (claim.IsNew)
        {
            await new NpgsqlCommand($"INSERT INTO widgets (id, name) VALUES ({id}, 'w')", connection, transaction).ExecuteNonQueryAsync();
            await store.CompleteAsync(connection, transaction, claim, 201, "application/json", $$"""{"id":{{id}}}""", $"/widgets/{id}", CancellationToken.None);
        }

        await transaction.CommitAsync();
        return claim;
    }
}
