using Reference.Learning.Data;

namespace Reference.Learning.Profiles;

/// <summary>Computes the <see cref="DataProfile"/> of a training matrix (one feature per task; exact quantiles).</summary>
public static class DataProfiler
{
    public const int QuantileCount = 101;

    public static DataProfile Profile(FeatureMatrix matrix, int histogramBins = 10, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var features = new FeatureProfile[matrix.ColumnCount];
        Parallel.For(0, matrix.ColumnCount, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, j =>
        {
            var info = matrix.Features[j];
            features[j] = ProfileColumn(info.Name, matrix.Column(j), info.Type, info.Vocabulary, histogramBins);
        });
        return new DataProfile { RowCount = matrix.RowCount, Features = features };
    }

    /// <summary>
    /// Profiles one column: values are numbers, or category codes when <paramref name="vocabulary"/>
    /// is given; NaN is missing. Also useful for a model's predictions or a label.
    /// </summary>
    public static FeatureProfile ProfileColumn(
        string name, ReadOnlySpan<double> values, ColumnType type = ColumnType.Float64, CategoryVocabulary? vocabulary = null, int histogramBins = 10)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(histogramBins, 2);
        if (vocabulary is not null)
        {
            var counts = new long[vocabulary.Count];
            long categorizedMissing = 0;
            foreach (var code in values)
            {
                if (code >= 0 && code < counts.Length && code == Math.Floor(code))
                {
                    counts[(int)code]++;
                }
                else
                {
                    categorizedMissing++;
                }
            }
            return new FeatureProfile
            {
                Name = name,
                Type = ColumnType.Categorical.ToWireName(),
                Count = values.Length,
                MissingCount = categorizedMissing,
                Categories = [.. vocabulary.Categories.Select((category, code) => new CategoryCount(category, counts[code]))],
            };
        }

        var present = new List<double>(values.Length);
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                present.Add(value);
            }
        }
        var missing = values.Length - present.Count;
        if (present.Count == 0)
        {
            return new FeatureProfile { Name = name, Type = type.ToWireName(), Count = values.Length, MissingCount = missing };
        }
        present.Sort();
        double sum = 0;
        foreach (var value in present)
        {
            sum += value;
        }
        var mean = sum / present.Count;
        double squares = 0;
        foreach (var value in present)
        {
            squares += (value - mean) * (value - mean);
        }
        var quantiles = new double[QuantileCount];
        for (var k = 0; k < QuantileCount; k++)
        {
            quantiles[k] = Quantile(present, k / (double)(QuantileCount - 1));
        }
        var edges = new List<double>();
        for (var k = 1; k < histogramBins; k++)
        {
            var edge = Quantile(present, k / (double)histogramBins);
            if ((edges.Count == 0 || edge > edges[^1]) && edge < present[^1])
            {
                edges.Add(edge);
            }
        }
        var histogram = new long[edges.Count + 1];
        var upper = ProfileBins.UpperBounds(edges);
        foreach (var value in present)
        {
            histogram[ProfileBins.BinOf(upper, value)]++;
        }
        return new FeatureProfile
        {
            Name = name,
            Type = type.ToWireName(),
            Count = values.Length,
            MissingCount = missing,
            Mean = mean,
            Std = Math.Sqrt(squares / present.Count),
            Min = present[0],
            Max = present[^1],
            Quantiles = quantiles,
            HistogramEdges = [.. edges],
            HistogramCounts = histogram,
        };
    }

    /// <summary>Linear interpolation between order statistics (the "type 7" definition).</summary>
    private static double Quantile(List<double> sorted, double level)
    {
        var position = level * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        var fraction = position - low;
        return fraction == 0 ? sorted[low] : sorted[low] + (fraction * (sorted[high] - sorted[low]));
    }
}
