using Reference.Learning.Data;

namespace Reference.Learning.Trainers.Gbdt;

/// <summary>
/// Per-feature bin edges from training quantiles. Bin b holds values in (upper[b−1], upper[b]];
/// the last upper bound is +∞ and one extra bin (index = bin count) holds missing values. A
/// split "bin ≤ t" is therefore exactly "x ≤ upper[t]" on raw values, which is what the saved
/// trees test. Features with few distinct values get one bin per value, split at midpoints.
/// </summary>
internal sealed class FeatureBins
{
    /// <summary>Quantiles come from at most this many rows: enough for 255 bins, bounded cost on huge data.</summary>
    private const int MaxSampleRows = 200_000;

    private FeatureBins(double[][] upperBounds) => UpperBounds = upperBounds;

    public double[][] UpperBounds { get; }

    public int BinCount(int feature) => UpperBounds[feature].Length;

    public static FeatureBins Fit(FeatureMatrix matrix, int maxBins, ulong seed, ParallelOptions parallel)
    {
        var rows = matrix.RowCount;
        int[]? sample = null;
        if (rows > MaxSampleRows)
        {
            var random = SeededRandom.ForStream(seed, ulong.MaxValue);
            sample = new int[MaxSampleRows];
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = random.NextInt(rows);
            }
            Array.Sort(sample);
        }
        var bounds = new double[matrix.ColumnCount][];
        Parallel.For(0, matrix.ColumnCount, parallel, f =>
        {
            var column = matrix.Column(f);
            var values = new List<double>(sample?.Length ?? rows);
            if (sample is null)
            {
                foreach (var x in column)
                {
                    if (!double.IsNaN(x)) values.Add(x);
                }
            }
            else
            {
                foreach (var row in sample)
                {
                    if (!double.IsNaN(column[row])) values.Add(column[row]);
                }
            }
            bounds[f] = UpperBoundsOf(values, maxBins);
        });
        return new FeatureBins(bounds);
    }

    /// <summary>Bins every value, column by column (one column per task), as bytes: maxBins ≤ 255 leaves room for the missing bin.</summary>
    public byte[][] Transform(FeatureMatrix matrix, ParallelOptions parallel)
    {
        var binned = new byte[matrix.ColumnCount][];
        Parallel.For(0, matrix.ColumnCount, parallel, f =>
        {
            var column = matrix.Column(f);
            var upper = UpperBounds[f];
            var target = new byte[column.Length];
            var missing = (byte)upper.Length;
            for (var i = 0; i < column.Length; i++)
            {
                var x = column[i];
                target[i] = double.IsNaN(x) ? missing : (byte)BinOf(upper, x);
            }
            binned[f] = target;
        });
        return binned;
    }

    /// <summary>The first bin whose upper bound is ≥ x.</summary>
    public static int BinOf(double[] upper, double x)
    {
        int low = 0, high = upper.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (x <= upper[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }

    private static double[] UpperBoundsOf(List<double> values, int maxBins)
    {
        if (values.Count == 0)
        {
            return [double.PositiveInfinity];
        }
        values.Sort();
        var distinct = new List<double>();
        foreach (var value in values)
        {
            if (distinct.Count == 0 || value != distinct[^1])
            {
                distinct.Add(value);
                if (distinct.Count > maxBins)
                {
                    break;
                }
            }
        }
        var bounds = new List<double>();
        if (distinct.Count <= maxBins)
        {
            for (var i = 0; i + 1 < distinct.Count; i++)
            {
                var midpoint = distinct[i] + ((distinct[i + 1] - distinct[i]) / 2);
                bounds.Add(double.IsFinite(midpoint) ? midpoint : distinct[i]); // infinite neighbours: split at the value itself
            }
        }
        else
        {
            var maximum = values[^1];
            for (var k = 1; k < maxBins; k++)
            {
                var quantile = values[(int)((long)k * values.Count / maxBins)];
                if (quantile < maximum && (bounds.Count == 0 || quantile > bounds[^1]))
                {
                    bounds.Add(quantile);
                }
            }
        }
        bounds.Add(double.PositiveInfinity);
        return [.. bounds];
    }
}
