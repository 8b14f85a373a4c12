namespace Reference.Learning.Trainers;

/// <summary>Solves symmetric positive-definite systems (Newton steps, ridge normal equations).</summary>
internal static class Cholesky
{
    /// <summary>
    /// Solves A x = b for symmetric A (n×n, row-major; only the lower triangle is read). When A is
    /// only semi-definite (e.g. one-hot columns that add up to the intercept and no penalty), a
    /// growing multiple of its mean diagonal is added until the factorisation succeeds.
    /// </summary>
    public static double[] Solve(double[] a, double[] b, int n)
    {
        var factor = new double[n * n];
        var meanDiagonal = 0.0;
        for (var i = 0; i < n; i++)
        {
            meanDiagonal += a[(i * n) + i];
        }
        meanDiagonal = Math.Max(meanDiagonal / Math.Max(n, 1), 1e-300);
        var jitter = 0.0;
        while (!TryFactor(a, factor, n, jitter))
        {
            jitter = jitter == 0 ? meanDiagonal * 1e-12 : jitter * 100;
            if (jitter > meanDiagonal)
            {
                throw new InvalidOperationException("The system is numerically singular; increase the l2 penalty.");
            }
        }
        var x = (double[])b.Clone();
        for (var i = 0; i < n; i++)
        {
            var sum = x[i];
            for (var k = 0; k < i; k++)
            {
                sum -= factor[(i * n) + k] * x[k];
            }
            x[i] = sum / factor[(i * n) + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = x[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= factor[(k * n) + i] * x[k];
            }
            x[i] = sum / factor[(i * n) + i];
        }
        return x;
    }

    private static bool TryFactor(double[] a, double[] l, int n, double jitter)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[(i * n) + j] + (i == j ? jitter : 0);
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * n) + k] * l[(j * n) + k];
                }
                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum))
                    {
                        return false;
                    }
                    l[(i * n) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * n) + j] = sum / l[(j * n) + j];
                }
            }
        }
        return true;
    }
}
