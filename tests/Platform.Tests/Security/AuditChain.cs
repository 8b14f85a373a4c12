using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Reference.Platform.Tests.Security;

// Recomputes a service's audit chain straight from its audit_log table, by the scheme ServiceDefaults documents
// (Persistence/AuditLog.cs), independently of the service's own code: each record's hash is the SHA-256 of the
// previous record's hash (32 zero bytes before the first) followed by the UTF-8 of its fields (id, time with
// microseconds, actor, action, entity, before, after, and via when present), each as "<length>:<value>\n", a null
// as "-1:\n". Ids run 1, 2, 3… without gaps.
public static class AuditChain
{
    public sealed record Result(long Checked, long? FirstBrokenId, string? Reason)
    {
        public bool Valid => FirstBrokenId is null;
    }

    public static async Task<Result> VerifyAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, at, actor, action, entity, before, after, prev_hash, hash, via FROM audit_log ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var previous = new byte[32];
        long expectedId = 1, count = 0;
        while (await reader.ReadAsync())
        {
            var id = reader.GetInt64(0);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            if (id != expectedId)
            {
                return new Result(count, id, $"record {expectedId} is missing");
            }
            if (!((byte[])reader.GetValue(7)).AsSpan().SequenceEqual(previous))
            {
                return new Result(count, id, "prev_hash is not the hash of the record before");
            }
            var stored = (byte[])reader.GetValue(8);
            var computed = Hash(previous, [id.ToString(CultureInfo.InvariantCulture), Time(reader.GetFieldValue<DateTimeOffset>(1)),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), Text(5), Text(6), .. Text(9) is { } via ? new[] { via } : []]);
            if (!computed.AsSpan().SequenceEqual(stored))
            {
                return new Result(count, id, "the record's content does not match its hash");
            }
            previous = stored;
            expectedId = id + 1;
            count++;
        }
        return new Result(count, null, null);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    private static byte[] Hash(byte[] previous, IEnumerable<string?> fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field is null ? "-1:" : $"{field.Length}:{field}").Append('\n');
        }
        return SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(text.ToString())]);
    }
}
