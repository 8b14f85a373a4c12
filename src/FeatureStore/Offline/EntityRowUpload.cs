using System.IO.Pipelines;
using System.Security.Cryptography;
using Npgsql;

namespace Reference.FeatureStore.Offline;

// Streams a {entityRows: [...], ...} body into the session's temporary entity table (ON COMMIT DROP) with one
// binary COPY, hashing the body on the way. Throws RowRejectedException or JsonException for bad input.
public static class EntityRowUpload
{
    public static async Task<(HistoricalRequestParser Request, string BodyHash)> CopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PipeReader body, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(PointInTimeJoin.CreateEntityTableSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var importer = await connection.BeginBinaryImportAsync(PointInTimeJoin.CopyEntityRowsSql, cancellationToken);
        var request = new HistoricalRequestParser(importer);
        using var buffer = new ContiguousBodyBuffer(body, hash);
        do
        {
            await buffer.FillAsync(cancellationToken);
            buffer.Consume(request.Parse(buffer.Data, buffer.IsFinal));
        }
        while (!buffer.IsFinal);
        await importer.CompleteAsync(cancellationToken);
        return (request, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
