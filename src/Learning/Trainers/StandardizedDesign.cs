using System.Buffers;
using Reference.Learning.Data;
using Reference.Learning.Models;

namespace Reference.Learning.Trainers;

/// <summary>
/// The design matrix of the linear trainers, produced a block of rows at a time rather than
/// stored: column 0 is the intercept, then each numeric input standardised ((x − mean) / std,
/// missing → 0, i.e. the mean) and each categorical input one-hot (missing or unknown → all zero).
/// Standardising makes the penalty treat inputs alike and the solvers well conditioned;
/// <see cref="Unfold"/> folds it back into raw-unit weights for the saved model.
/// </summary>
internal sealed class StandardizedDesign
{
    private readonly FeatureInfo[] inputs;
    private readonly int[] offsets;
    private readonly double[] means;
    private readonly double[] scales;

    private StandardizedDesign(FeatureInfo[] inputs, int[] offsets, double[] means, double[] scales, int width)
    {
        this.inputs = inputs;
        this.offsets = offsets;
        this.means = means;
        this.scales = scales;
        Width = width;
    }

    /// <summary>Columns including the intercept.</summary>
    public int Width { get; }

    /// <summary>Rows per block, so that a block stays around 2 MB whatever the width.</summary>
    public int BlockRows => Math.Clamp((1 << 18) / Width, 64, 4096);

    public static StandardizedDesign Fit(FeatureMatrix matrix, ParallelOptions parallel)
    {
        var inputs = matrix.Features.ToArray();
        var offsets = new int[inputs.Length];
        var means = new double[inputs.Length];
        var scales = new double[inputs.Length];
        var width = 1;
        for (var j = 0; j < inputs.Length; j++)
        {
            offsets[j] = width;
            width += inputs[j].Vocabulary?.Count ?? 1;
        }
        // Each column's statistics are summed in row order by one thread: deterministic.
        Parallel.For(0, inputs.Length, parallel, j =>
        {
            if (inputs[j].IsCategorical)
            {
                scales[j] = 1;
                return;
            }
            var column = matrix.Column(j);
            double sum = 0;
            long count = 0;
            foreach (var x in column)
            {
                if (!double.IsNaN(x))
                {
                    sum += x;
                    count++;
                }
            }
            var mean = count == 0 ? 0 : sum / count;
            double squares = 0;
            foreach (var x in column)
            {
                if (!double.IsNaN(x))
                {
                    squares += (x - mean) * (x - mean);
                }
            }
            var std = count == 0 ? 0 : Math.Sqrt(squares / count);
            if (!double.IsFinite(mean) || !double.IsFinite(std))
            {
                throw new ArgumentException($"Feature '{inputs[j].Name}' has infinite values; linear models need finite inputs or NaN for missing.");
            }
            means[j] = mean;
            scales[j] = std > 0 ? std : 1; // a constant column standardises to 0 and keeps a zero weight
        });
        return new StandardizedDesign(inputs, offsets, means, scales, width);
    }

    /// <summary>Fills a column-major block: design column c of row (start + i) is at block[c * count + i].</summary>
    public void Fill(FeatureMatrix matrix, int start, int count, Span<double> block)
    {
        block[..(Width * count)].Clear();
        block[..count].Fill(1);
        for (var j = 0; j < inputs.Length; j++)
        {
            var source = matrix.Column(j).Slice(start, count);
            if (inputs[j].Vocabulary is { } vocabulary)
            {
                var categories = vocabulary.Count;
                for (var i = 0; i < count; i++)
                {
                    var code = source[i];
                    if (code >= 0 && code < categories && code == Math.Floor(code))
                    {
                        block[((offsets[j] + (int)code) * count) + i] = 1;
                    }
                }
            }
            else
            {
                var target = block.Slice(offsets[j] * count, count);
                var mean = means[j];
                var inverse = 1 / scales[j];
                for (var i = 0; i < count; i++)
                {
                    var x = source[i];
                    target[i] = double.IsNaN(x) ? 0 : (x - mean) * inverse;
                }
            }
        }
    }

    /// <summary>Raw-unit parameters from standardised ones: w = β / std, intercept −= β · mean / std.</summary>
    public (double Intercept, double[] InputWeights, double[] CategoryWeights) Unfold(ReadOnlySpan<double> beta)
    {
        var intercept = beta[0];
        var inputWeights = new double[inputs.Length];
        var categoryWeights = new List<double>();
        for (var j = 0; j < inputs.Length; j++)
        {
            if (inputs[j].Vocabulary is { } vocabulary)
            {
                for (var c = 0; c < vocabulary.Count; c++)
                {
                    categoryWeights.Add(beta[offsets[j] + c]);
                }
            }
            else
            {
                inputWeights[j] = beta[offsets[j]] / scales[j];
                intercept -= inputWeights[j] * means[j];
            }
        }
        return (intercept, inputWeights, [.. categoryWeights]);
    }

    /// <summary>Numeric inputs impute their training mean; categorical inputs contribute nothing when missing.</summary>
    public ModelSignature Signature(ModelTask task) =>
        new(inputs.Select((input, j) => new SignatureInput(
                input.Name,
                input.Type,
                input.Vocabulary,
                input.IsCategorical ? MissingValuePolicy.NoContribution : MissingValuePolicy.Impute(means[j]))),
            SignatureOutput.For(task));

    /// <summary>
    /// Runs <paramref name="body"/>(group, start, count, block, scratch) over every block of rows;
    /// each fixed row group is handled by one thread, in row order (see <see cref="RowBlocks"/>),
    /// with its own design block and <paramref name="scratchPerRow"/> × rows of scratch space.
    /// </summary>
    public void ForEachBlock(
        FeatureMatrix matrix, RowBlocks groups, ParallelOptions parallel, int scratchPerRow, Action<int, int, int, double[], double[]> body)
    {
        var blockRows = BlockRows;
        Parallel.For(0, groups.GroupCount, parallel, group =>
        {
            // Pooled: solvers run many passes, and fresh buffers per pass would churn the large-object heap.
            var block = ArrayPool<double>.Shared.Rent(Width * blockRows);
            var scratch = ArrayPool<double>.Shared.Rent(Math.Max(1, scratchPerRow * blockRows));
            try
            {
                for (var start = groups.Start(group); start < groups.End(group); start += blockRows)
                {
                    var count = Math.Min(blockRows, groups.End(group) - start);
                    Fill(matrix, start, count, block);
                    body(group, start, count, block, scratch);
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(block);
                ArrayPool<double>.Shared.Return(scratch);
            }
        });
    }
}
