using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;

namespace Reference.FeatureStore.Offline;

// Copies a request body from its pipe into one pooled array, so that Utf8JsonReader runs on a single span
// (its multi-segment mode is markedly slower) and rows never straddle segments. Grows only when one row is
// larger than the buffer. The bytes are hashed as they arrive, for Idempotency-Key fingerprints.
public sealed class ContiguousBodyBuffer(PipeReader body, IncrementalHash hash) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _start;
    private int _end;

    public ReadOnlySequence<byte> Data => new(_buffer, _start, _end - _start);

    public bool IsFinal { get; private set; }

    // Reads more of the body; IsFinal says when all of it is in the buffer.
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await body.ReadAsync(cancellationToken);
        var available = read.Buffer;
        var take = (int)Math.Min(available.Length, _buffer.Length - _end);
        var taken = available.Slice(0, take);
        taken.CopyTo(_buffer.AsSpan(_end));
        hash.AppendData(_buffer, _end, take);
        _end += take;
        IsFinal = read.IsCompleted && take == available.Length;
        body.AdvanceTo(taken.End);
    }

    public void Consume(SequencePosition consumed) => _start += (int)Data.Slice(0, consumed).Length;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
