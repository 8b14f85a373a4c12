namespace Reference.Learning.Profiles;

/// <summary>The chi-square distribution's upper tail, through the regularized incomplete gamma function.</summary>
public static class ChiSquareDistribution
{
    /// <summary>P(X ≥ x) for X ~ χ²(degreesOfFreedom).</summary>
    public static double Survival(double x, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        return x <= 0 ? 1 : double.IsPositiveInfinity(x) ? 0 : UpperRegularizedGamma(degreesOfFreedom / 2.0, x / 2.0);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): a power series below a + 1, a continued fraction (modified Lentz) above.</summary>
    internal static double UpperRegularizedGamma(double a, double x)
    {
        var logPrefix = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (var n = 1; n < 1000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15)
                {
                    break;
                }
            }
            return Math.Clamp(1 - (sum * Math.Exp(logPrefix)), 0, 1);
        }
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + (an / c);
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }
        return Math.Clamp(Math.Exp(logPrefix) * h, 0, 1);
    }

    /// <summary>ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7, 9 terms), accurate to about 1e-15.</summary>
    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var series = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            series += coefficients[i] / (x + i);
        }
        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(series);
    }
}
