namespace Reference.Learning.Profiles;

/// <summary>
/// The first Wasserstein (earth mover's) distance between the training distribution, rebuilt from the
/// profile's quantiles, and the live values: ∫₀¹ |F⁻¹_training(u) − F⁻¹_live(u)| du, integrated on a fine
/// grid. <see cref="Normalized"/> divides by the training standard deviation, as Evidently does for
/// numeric features with more than 1000 reference rows (drift at ≥ 0.1).
/// </summary>
public static class WassersteinDistance
{
    private const int GridPoints = 2000;

    public static double Compute(FeatureProfile profile, ReadOnlySpan<double> live)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Quantiles is not { Length: >= 2 } quantiles)
        {
            throw new ArgumentException($"The profile of '{profile.Name}' has no quantiles (categorical, or no present values).", nameof(profile));
        }
        var present = new List<double>(live.Length);
        foreach (var value in live)
        {
            if (!double.IsNaN(value))
            {
                present.Add(value);
            }
        }
        if (present.Count == 0)
        {
            throw new ArgumentException($"No present live values of '{profile.Name}' to compare.", nameof(live));
        }
        present.Sort();
        double sum = 0;
        for (var i = 0; i < GridPoints; i++)
        {
            // Midpoints of equal slices of (0, 1).
            var u = (i + 0.5) / GridPoints;
            sum += Math.Abs(ReferenceQuantile(quantiles, u) - present[Math.Min(present.Count - 1, (int)(u * present.Count))]);
        }
        return sum / GridPoints;
    }

    /// <summary>The distance in units of the training standard deviation; the raw distance when that is zero.</summary>
    public static double Normalized(FeatureProfile profile, ReadOnlySpan<double> live)
    {
        var distance = Compute(profile, live);
        return profile.Std is > 0 and var std ? distance / std : distance;
    }

    private static double ReferenceQuantile(double[] q, double u)
    {
        var position = u * (q.Length - 1);
        var low = (int)Math.Floor(position);
        if (low >= q.Length - 1)
        {
            return q[^1];
        }
        return q[low] + ((position - low) * (q[low + 1] - q[low]));
    }
}
