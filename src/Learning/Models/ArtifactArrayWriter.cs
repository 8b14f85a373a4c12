using System.Buffers.Binary;

namespace Reference.Learning.Models;

/// <summary>Collects the named little-endian arrays that follow an artifact's JSON header.</summary>
internal sealed class ArtifactArrayWriter
{
    private readonly List<(string Name, string Type, int Length, byte[] Bytes)> arrays = [];

    public IReadOnlyList<(string Name, string Type, int Length, byte[] Bytes)> Arrays => arrays;

    public void Add(string name, ReadOnlySpan<double> values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        }
        arrays.Add((name, "float64", values.Length, bytes));
    }

    public void Add(string name, ReadOnlySpan<int> values)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        }
        arrays.Add((name, "int32", values.Length, bytes));
    }

    public void Add(string name, ReadOnlySpan<byte> values) => arrays.Add((name, "uint8", values.Length, values.ToArray()));
}
