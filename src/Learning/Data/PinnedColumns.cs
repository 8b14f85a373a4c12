using System.Buffers;

namespace Reference.Learning.Data;

/// <summary>
/// Pins a matrix's columns and exposes them as pointers, for per-element reads inside parallel
/// loops: spans cannot be captured by lambdas, and a Memory's Span per read would cost more than the read.
/// </summary>
internal sealed unsafe class PinnedColumns : IDisposable
{
    private readonly MemoryHandle[] handles;

    public PinnedColumns(FeatureMatrix matrix)
    {
        handles = new MemoryHandle[matrix.ColumnCount];
        Pointers = new nint[matrix.ColumnCount];
        for (var j = 0; j < handles.Length; j++)
        {
            handles[j] = matrix.ColumnMemory(j).Pin();
            Pointers[j] = (nint)handles[j].Pointer;
        }
    }

    /// <summary>Column j's first element, as a <c>double*</c>.</summary>
    public nint[] Pointers { get; }

    public void Dispose()
    {
        foreach (var handle in handles)
        {
            handle.Dispose();
        }
    }
}
