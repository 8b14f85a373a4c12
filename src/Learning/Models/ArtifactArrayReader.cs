using System.Buffers.Binary;

namespace Reference.Learning.Models;

/// <summary>The named arrays of an artifact whose length and checksum have been verified.</summary>
internal sealed class ArtifactArrayReader(IReadOnlyDictionary<string, (string Type, int Length, int Offset)> arrays, byte[] artifact)
{
    public double[] Doubles(string name, int? expectedLength = null)
    {
        var (offset, length) = Locate(name, "float64", expectedLength);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(artifact.AsSpan(offset + (i * sizeof(double))));
        }
        return values;
    }

    public int[] Int32s(string name, int? expectedLength = null)
    {
        var (offset, length) = Locate(name, "int32", expectedLength);
        var values = new int[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(artifact.AsSpan(offset + (i * sizeof(int))));
        }
        return values;
    }

    public byte[] Bytes(string name, int? expectedLength = null)
    {
        var (offset, length) = Locate(name, "uint8", expectedLength);
        return artifact.AsSpan(offset, length).ToArray();
    }

    private (int Offset, int Length) Locate(string name, string type, int? expectedLength)
    {
        if (!arrays.TryGetValue(name, out var array))
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"The model artifact has no array '{name}'.");
        }
        if (array.Type != type)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"Array '{name}' is {array.Type}; expected {type}.");
        }
        if (expectedLength is { } expected && array.Length != expected)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"Array '{name}' has {array.Length} elements; expected {expected}.");
        }
        return (array.Offset, array.Length);
    }
}
