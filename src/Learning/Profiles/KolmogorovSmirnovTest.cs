namespace Reference.Learning.Profiles;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test of live values against a profile: the statistic of
/// <see cref="KolmogorovSmirnovStatistic"/> with the profile's present row count as the reference
/// sample size, and the asymptotic p-value of the Kolmogorov distribution with Stephens' small-sample
/// correction. Evidently's default for numeric features with at most 1000 reference rows (drift when p &lt; 0.05).
/// </summary>
public static class KolmogorovSmirnovTest
{
    public static (double Statistic, double PValue) Compute(FeatureProfile profile, ReadOnlySpan<double> live)
    {
        var statistic = KolmogorovSmirnovStatistic.Compute(profile, live);
        var livePresent = 0;
        foreach (var value in live)
        {
            if (!double.IsNaN(value))
            {
                livePresent++;
            }
        }
        var referencePresent = profile.Count - profile.MissingCount;
        return (statistic, PValue(statistic, referencePresent, livePresent));
    }

    /// <summary>P(D ≥ d) for samples of sizes n and m.</summary>
    public static double PValue(double statistic, long n, long m)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        var effective = Math.Sqrt((double)n * m / (n + m));
        var lambda = (effective + 0.12 + (0.11 / effective)) * statistic;
        return KolmogorovSurvival(lambda);
    }

    /// <summary>Q(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²), the limiting distribution of √n·D.</summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda < 0.2)
        {
            // The alternating series converges slowly here and the tail probability is 1 to many digits.
            return 1;
        }
        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12 * Math.Abs(sum))
            {
                break;
            }
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }
}
