using Reference.Learning.Data;

namespace Reference.Learning.Trainers.Logistic;

/// <summary>
/// Mean log loss + (l2/2)‖β₁..‖² over a design, with its gradient and (optionally) Hessian,
/// evaluated in one parallel pass with a deterministic reduction.
/// </summary>
internal sealed class LogisticObjective(FeatureMatrix matrix, ReadOnlyMemory<double> labels, StandardizedDesign design, double l2, ParallelOptions parallel)
{
    private readonly RowBlocks groups = RowBlocks.For(matrix.RowCount);

    public int Width => design.Width;

    public int RowCount => matrix.RowCount;

    /// <summary>Returns the objective; fills <paramref name="gradient"/> and, when given, the lower triangle of <paramref name="hessian"/> (row-major).</summary>
    public double Evaluate(ReadOnlySpan<double> beta, double[]? gradient, double[]? hessian)
    {
        var width = design.Width;
        var groupLoss = new double[groups.GroupCount];
        var groupGradient = gradient is null ? null : new double[groups.GroupCount][];
        var groupHessian = hessian is null ? null : new double[groups.GroupCount][];
        var coefficients = beta.ToArray();
        design.ForEachBlock(matrix, groups, parallel, scratchPerRow: 4, (group, start, count, block, buffer) =>
        {
            var z = buffer.AsSpan(0, count);
            var residual = buffer.AsSpan(count, count);
            var weight = buffer.AsSpan(2 * count, count);
            var scratch = buffer.AsSpan(3 * count, count);
            z.Clear();
            var y = labels.Span.Slice(start, count);
            for (var c = 0; c < width; c++)
            {
                if (coefficients[c] != 0)
                {
                    VectorMath.AddScaled(z, coefficients[c], block.AsSpan(c * count, count));
                }
            }
            double loss = 0;
            for (var i = 0; i < count; i++)
            {
                // log(1 + e^z) − y·z, computed without overflow.
                var zi = z[i];
                loss += (zi > 0 ? zi + double.LogP1(Math.Exp(-zi)) : double.LogP1(Math.Exp(zi))) - (y[i] * zi);
                var p = 1 / (1 + Math.Exp(-zi));
                residual[i] = p - y[i];
                weight[i] = p * (1 - p);
            }
            groupLoss[group] += loss;
            if (groupGradient is not null)
            {
                var g = groupGradient[group] ??= new double[width];
                for (var c = 0; c < width; c++)
                {
                    var column = block.AsSpan(c * count, count);
                    if (c == 0 || !VectorMath.IsZero(column))
                    {
                        g[c] += VectorMath.Dot(residual, column);
                    }
                }
            }
            if (groupHessian is not null)
            {
                var h = groupHessian[group] ??= new double[width * width];
                for (var a = 0; a < width; a++)
                {
                    var columnA = block.AsSpan(a * count, count);
                    if (a > 0 && VectorMath.IsZero(columnA))
                    {
                        continue;
                    }
                    VectorMath.Multiply(weight, columnA, scratch);
                    for (var b = 0; b <= a; b++)
                    {
                        h[(a * width) + b] += VectorMath.Dot(scratch, block.AsSpan(b * count, count));
                    }
                }
            }
        });

        var n = (double)matrix.RowCount;
        double total = 0;
        foreach (var loss in groupLoss)
        {
            total += loss;
        }
        var penalty = 0.0;
        for (var c = 1; c < width; c++)
        {
            penalty += beta[c] * beta[c];
        }
        if (gradient is not null)
        {
            Array.Clear(gradient);
            foreach (var g in groupGradient!)
            {
                for (var c = 0; c < width; c++)
                {
                    gradient[c] += g?[c] ?? 0;
                }
            }
            for (var c = 0; c < width; c++)
            {
                gradient[c] = (gradient[c] / n) + (c > 0 ? l2 * beta[c] : 0);
            }
        }
        if (hessian is not null)
        {
            Array.Clear(hessian);
            foreach (var h in groupHessian!)
            {
                if (h is null)
                {
                    continue;
                }
                for (var i = 0; i < h.Length; i++)
                {
                    hessian[i] += h[i];
                }
            }
            for (var a = 0; a < width; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    hessian[(a * width) + b] /= n;
                }
                if (a > 0)
                {
                    hessian[(a * width) + a] += l2;
                }
            }
        }
        return (total / n) + (0.5 * l2 * penalty);
    }

    /// <summary>Mean log loss (no penalty) of <paramref name="beta"/> on another matrix, for validation.</summary>
    public static double LogLoss(FeatureMatrix matrix, ReadOnlyMemory<double> labels, StandardizedDesign design, ReadOnlySpan<double> beta, ParallelOptions parallel) =>
        new LogisticObjective(matrix, labels, design, 0, parallel).Evaluate(beta, null, null);
}
