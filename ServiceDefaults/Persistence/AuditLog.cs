using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Reference.ServiceDefaults.Persistence;

/// <summary>
/// The hash-chained audit trail: each record holds the SHA-256 of the one before, over a length-prefixed encoding
/// of its fields, so editing, inserting or deleting a record breaks the chain at that point. Appends take a
/// transaction-scoped advisory lock so the chain stays linear; the lock is held until the mutation commits.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    private const int AppendLock = 0x52656601;
    private static readonly byte[] Genesis = new byte[32];

    public async Task<AuditRecord> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction) { Parameters = { new() { Value = AppendLock } } })
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long previousId = 0;
        var previousHash = Genesis;
        await using (var last = new NpgsqlCommand("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", connection, transaction))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                previousId = reader.GetInt64(0);
                previousHash = (byte[])reader.GetValue(1);
            }
        }

        // PostgreSQL keeps microseconds: round now, so that what is hashed is what is read back.
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
        var id = previousId + 1;
        var hash = Hash(previousHash, id, at, entry.Actor, entry.Action, entry.Entity, entry.Before, entry.After, entry.Via);

        await using var insert = new NpgsqlCommand(
            "INSERT INTO audit_log (id, at, actor, action, entity, before, after, prev_hash, hash, via) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            connection, transaction)
        {
            Parameters =
            {
                new() { Value = id },
                new() { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = entry.Actor },
                new() { Value = entry.Action },
                new() { Value = entry.Entity },
                new() { Value = (object?)entry.Before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)entry.After ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = previousHash },
                new() { Value = hash },
                new() { Value = (object?)entry.Via ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new AuditRecord(id, at, entry.Actor, entry.Action, entry.Entity, entry.Before, entry.After, Convert.ToHexStringLower(previousHash), Convert.ToHexStringLower(hash), entry.Via);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, at, actor, action, entity, before, after, prev_hash, hash, via FROM audit_log
            WHERE ($1::text IS NULL OR entity LIKE $1 || '%')
              AND ($2::timestamptz IS NULL OR at >= $2)
              AND ($3::bigint IS NULL OR id > $3)
            ORDER BY id
            LIMIT $4
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)EscapeLike(query.EntityPrefix) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Since ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.AfterId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(query.Limit, 1, 1000) });
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    /// <summary>Recomputes the whole chain in id order, streaming, and reports the first record that does not fit.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, at, actor, action, entity, before, after, prev_hash, hash, via FROM audit_log ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var expectedPrevious = Genesis;
        long expectedId = 1, count = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            var stored = (byte[])reader.GetValue(8);
            string? reason = null;
            if (id != expectedId)
            {
                reason = $"record {expectedId} is missing (found {id} next)";
            }
            else if (!((byte[])reader.GetValue(7)).AsSpan().SequenceEqual(expectedPrevious))
            {
                reason = "its previous-hash does not match the record before it";
            }
            else
            {
                var computed = Hash(expectedPrevious, id, reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(9) ? null : reader.GetString(9));
                if (!computed.AsSpan().SequenceEqual(stored))
                {
                    reason = "its content does not match its hash (the record was changed)";
                }
            }

            if (reason is not null)
            {
                return new AuditVerification(false, count, id, $"Audit record {id}: {reason}.");
            }

            count++;
            expectedId = id + 1;
            expectedPrevious = stored;
        }

        return new AuditVerification(true, count, null, null);
    }

    internal static byte[] Hash(byte[] previous, long id, DateTimeOffset at, string actor, string action, string entity, string? before, string? after, string? via)
    {
        var text = new StringBuilder();
        List<string?> fields = [id.ToString(System.Globalization.CultureInfo.InvariantCulture), at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture), actor, action, entity, before, after];
        if (via is not null)
        {
            // Hashed only when present, so records written before it existed keep their hashes.
            fields.Add(via);
        }
        foreach (var field in fields)
        {
            // Length-prefixed, with null distinct from empty: no two different records encode alike.
            text.Append(field is null ? "-1:" : $"{field.Length}:{field}").Append('\n');
        }

        var content = Encoding.UTF8.GetBytes(text.ToString());
        var buffer = new byte[previous.Length + content.Length];
        previous.CopyTo(buffer, 0);
        content.CopyTo(buffer, previous.Length);
        return SHA256.HashData(buffer);
    }

    private static AuditRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
        Convert.ToHexStringLower((byte[])reader.GetValue(7)), Convert.ToHexStringLower((byte[])reader.GetValue(8)), reader.IsDBNull(9) ? null : reader.GetString(9));

    private static string? EscapeLike(string? prefix) =>
        prefix?.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
