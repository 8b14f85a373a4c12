using System.Runtime.Intrinsics;

namespace Reference.Learning.Trainers;

/// <summary>
/// SIMD kernels with a fixed summation order. Fixed 4-lane <see cref="Vector256{T}"/> rather than
/// <c>Vector&lt;T&gt;</c>, whose width varies by CPU: the same inputs give the same bits on every
/// machine (where 256-bit vectors are not native the runtime emulates them with the same arithmetic).
/// </summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var accumulator = Vector256<double>.Zero;
        for (; i <= a.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            accumulator += Vector256.Create(a[i..]) * Vector256.Create(b[i..]);
        }
        var sum = SumLanes(accumulator);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>y += alpha · x.</summary>
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        var i = 0;
        var scale = Vector256.Create(alpha);
        for (; i <= y.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            (Vector256.Create((ReadOnlySpan<double>)y[i..]) + (scale * Vector256.Create(x[i..]))).CopyTo(y[i..]);
        }
        for (; i < y.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>z = a ⊙ b.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> z)
    {
        var i = 0;
        for (; i <= z.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            (Vector256.Create(a[i..]) * Vector256.Create(b[i..])).CopyTo(z[i..]);
        }
        for (; i < z.Length; i++)
        {
            z[i] = a[i] * b[i];
        }
    }

    /// <summary>Lanes added in a spelled-out order (Vector256.Sum's order may differ between hardware and software paths).</summary>
    public static double SumLanes(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));

    /// <summary>Whether a design column in a block is entirely zero (one-hot columns usually are), so its products can be skipped.</summary>
    public static bool IsZero(ReadOnlySpan<double> x) => x.IndexOfAnyExcept(0.0) < 0;
}
