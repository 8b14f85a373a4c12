using Npgsql;

namespace Reference.Faults.Tests.Support;

// The hash-chained audit_log of one service's database: where it ended before a fault, and whether, after it, those
// records are all still there unchanged and the chain after them is unbroken.
public sealed class AuditTrail(FaultsFixture fixture, string database)
{
    public static readonly string[] Databases = ["registrydb", "featuresdb", "trainingdb"];

    public string Database { get; } = database;

    public async Task<AuditMark> MarkAsync()
    {
        await using var connection = await OpenAsync();
        await using var last = new NpgsqlCommand("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", connection);
        await using var reader = await last.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new AuditMark(Database, reader.GetInt64(0), (byte[])reader.GetValue(1)) : new AuditMark(Database, 0, []);
    }

    /// <summary>What is wrong with the trail since the mark (null when nothing): a lost or changed record, a gap, a broken link.</summary>
    public async Task<string?> CheckAsync(AuditMark mark, int atLeastNewRecords)
    {
        await using var connection = await OpenAsync();
        if (mark.LastId > 0)
        {
            await using var marked = new NpgsqlCommand("SELECT hash FROM audit_log WHERE id = $1", connection) { Parameters = { new() { Value = mark.LastId } } };
            if (await marked.ExecuteScalarAsync() is not byte[] hash)
            {
                return $"{Database}: audit record {mark.LastId}, written before the fault, is gone";
            }
            if (!hash.AsSpan().SequenceEqual(mark.LastHash))
            {
                return $"{Database}: audit record {mark.LastId} changed across the fault";
            }
        }
        await using var counts = new NpgsqlCommand("SELECT count(*), coalesce(max(id), 0) FROM audit_log", connection);
        long count, max;
        await using (var reader = await counts.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (count, max) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        if (count != max)
        {
            return $"{Database}: {max - count} audit records are missing (ids 1..{max}, {count} rows)";
        }
        if (max < mark.LastId + atLeastNewRecords)
        {
            return $"{Database}: {max - mark.LastId} audit records after the mark, but {atLeastNewRecords} mutations were acknowledged";
        }
        await using var links = new NpgsqlCommand(
            "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id - 1 WHERE a.id > $1 AND a.prev_hash <> b.hash", connection)
        {
            Parameters = { new() { Value = Math.Max(1, mark.LastId) } },
        };
        var broken = (long)(await links.ExecuteScalarAsync())!;
        return broken == 0 ? null : $"{Database}: {broken} audit records after the fault do not link to the one before";
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(await fixture.ConnectionStringAsync(Database) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }
}

public sealed record AuditMark(string Database, long LastId, byte[] LastHash);
