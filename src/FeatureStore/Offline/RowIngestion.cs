using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Reference.FeatureStore.Offline;

public enum RowFormat { Json, Csv }

public sealed record IngestionResult(string View, int Version, long Rows);

// Streams a request body of rows (NDJSON, a JSON array or CSV) into the view's offline table with one binary COPY
// inside the caller's transaction, hashing the body on the way for its Idempotency-Key.
public static class RowIngestion
{
    public static RowFormat? FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" or "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" => RowFormat.Json,
            "text/csv" or "application/csv" => RowFormat.Csv,
            _ => null,
        };
    }

    // Returns the number of rows and the body's SHA-256 (hex). Throws RowRejectedException or JsonException for bad input.
    public static async Task<(long Rows, string BodyHash)> CopyAsync(NpgsqlConnection connection, RowLayout layout, RowFormat format, PipeReader body, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var importer = await connection.BeginBinaryImportAsync(layout.CopyCommand(), cancellationToken);
        var rows = new RowAssembler(layout, new CopyRowSink(importer));
        if (format == RowFormat.Json)
        {
            var parser = new JsonRowParser(rows);
            using var buffer = new ContiguousBodyBuffer(body, hash);
            do
            {
                await buffer.FillAsync(cancellationToken);
                buffer.Consume(parser.Parse(buffer.Data, buffer.IsFinal));
            }
            while (!buffer.IsFinal);
        }
        else
        {
            await using var hashing = new HashingStream(body.AsStream(), hash);
            using var text = new StreamReader(hashing, Encoding.UTF8);
            await CsvRowParser.ParseAsync(text, rows, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
        return (rows.Rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            hash.AppendData(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
