namespace Reference.Serving.Inference;

// FNV-1a over the key's UTF-8 bytes: stable across processes and replicas (string.GetHashCode is randomized), so an
// entity stays with the same version on every replica.
public static class RoutingKey
{
    public static uint Hash(ReadOnlySpan<byte> key)
    {
        var hash = 2166136261u;
        foreach (var b in key)
        {
            hash = (hash ^ b) * 16777619u;
        }
        // FNV's low bits mix poorly for short keys; fold the high half in before the caller takes a modulus.
        return hash ^ (hash >> 16);
    }

    public static uint Hash(string key)
    {
        Span<byte> buffer = stackalloc byte[256];
        var length = System.Text.Encoding.UTF8.GetByteCount(key);
        var bytes = length <= buffer.Length ? buffer[..length] : new byte[length];
        System.Text.Encoding.UTF8.GetBytes(key, bytes);
        return Hash(bytes);
    }

    // No key given: spread requests evenly instead.
    public static uint Unkeyed() => (uint)Random.Shared.Next();
}
