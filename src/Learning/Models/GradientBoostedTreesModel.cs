using System.Text.Json;
using Reference.Learning.Data;

namespace Reference.Learning.Models;

/// <summary>
/// An ensemble of binary trees stored as flat arrays (structure of arrays), so scoring is a
/// tight loop over ints and doubles with no objects per node. A node goes left when
/// <c>x &lt;= threshold</c>; a missing (NaN) value goes the node's learned default way.
/// Children are node indices; a negative child <c>~k</c> is leaf <c>k</c>. Categorical inputs are
/// used as their codes (trees isolate any category with at most two splits).
/// </summary>
public sealed class GradientBoostedTreesModel : Model
{
    private const int BatchBlockRows = 256;

    private readonly double baseScore;
    private readonly int[] treeRoots;
    private readonly int[] splitFeature;
    private readonly double[] splitThreshold;
    private readonly int[] leftChild;
    private readonly int[] rightChild;
    private readonly bool[] defaultLeft;
    private readonly double[] leafValues;

    // Derived for scoring, not stored: children interleaved (left, right) so one computed index picks
    // the way without a branch, and 1 where a missing value goes right.
    private readonly int[] children;
    private readonly byte[] missingRight;

    internal GradientBoostedTreesModel(
        ModelTask task,
        ModelSignature signature,
        double baseScore,
        int[] treeRoots,
        int[] splitFeature,
        double[] splitThreshold,
        int[] leftChild,
        int[] rightChild,
        bool[] defaultLeft,
        double[] leafValues,
        IReadOnlyList<KeyValuePair<string, object>> hyperparameters,
        TrainingSummary? training)
        : base("gbdt", task, signature, hyperparameters, training)
    {
        this.baseScore = baseScore;
        this.treeRoots = treeRoots;
        this.splitFeature = splitFeature;
        this.splitThreshold = splitThreshold;
        this.leftChild = leftChild;
        this.rightChild = rightChild;
        this.defaultLeft = defaultLeft;
        this.leafValues = leafValues;
        CheckStructure();
        children = new int[2 * splitFeature.Length];
        missingRight = new byte[splitFeature.Length];
        for (var node = 0; node < splitFeature.Length; node++)
        {
            children[2 * node] = leftChild[node];
            children[(2 * node) + 1] = rightChild[node];
            missingRight[node] = defaultLeft[node] ? (byte)0 : (byte)1;
        }
    }

    public int TreeCount => treeRoots.Length;

    public int NodeCount => splitFeature.Length;

    public int LeafCount => leafValues.Length;

    /// <summary>The score before any tree: the log-odds or mean of the training labels.</summary>
    public double BaseScore => baseScore;

    private protected override double RawScore(ReadOnlySpan<double> x)
    {
        var score = baseScore;
        foreach (var root in treeRoots)
        {
            score += leafValues[Leaf(root, x)];
        }
        return score;
    }

    /// <summary>
    /// Walks one tree without data-dependent branches: the way is computed (x &gt; threshold, or
    /// missing and the node sends missing values right) and used as an index. Tree paths are
    /// unpredictable, so this beats if/else by avoiding a mispredicted branch per level.
    /// </summary>
    private int Leaf(int node, ReadOnlySpan<double> x)
    {
        while (node >= 0)
        {
            var value = x[splitFeature[node]];
            var right = (value > splitThreshold[node] ? 1 : 0) | ((double.IsNaN(value) ? 1 : 0) & missingRight[node]);
            node = children[(2 * node) + right];
        }
        return ~node;
    }

    private protected override unsafe void RawScoreBatch(ReadOnlySpan<double> rows, int rowCount, Span<double> outputs)
    {
        fixed (double* rowPointer = rows)
        fixed (double* outputPointer = outputs)
        {
            ScoreBlocks(new RowMajorRows(rowPointer, InputCount), outputPointer, rowCount);
        }
    }

    private protected override unsafe void RawScoreBatch(FeatureMatrix inputs, Span<double> outputs)
    {
        using var pinned = new PinnedColumns(inputs);
        fixed (double* outputPointer = outputs)
        {
            ScoreBlocks(new ColumnMajorRows(pinned.Pointers), outputPointer, inputs.RowCount);
        }
    }

    /// <summary>
    /// Scores blocks of rows tree by tree, and within a tree level by level: every row of the block
    /// takes one step before any takes the next. The steps of different rows are independent, so
    /// the processor overlaps them instead of waiting on one row's chain of loads and branches
    /// (2–3× faster than walking row by row). Each row still sums base + tree 0 + tree 1 + …, so
    /// results equal <see cref="Model.Score"/> bit for bit.
    /// </summary>
    private unsafe void ScoreBlocks<TRows>(TRows source, double* target, int rowCount)
        where TRows : struct, IBatchRows
    {
        var blocks = (rowCount + BatchBlockRows - 1) / BatchBlockRows;
        void ScoreBlock(int block)
        {
            var start = block * BatchBlockRows;
            var count = Math.Min(rowCount, start + BatchBlockRows) - start;
            Span<int> nodes = stackalloc int[BatchBlockRows];
            for (var r = 0; r < count; r++)
            {
                target[start + r] = baseScore;
            }
            foreach (var root in treeRoots)
            {
                nodes[..count].Fill(root);
                var active = root >= 0;
                while (active)
                {
                    active = false;
                    for (var r = 0; r < count; r++)
                    {
                        var node = nodes[r];
                        if (node < 0)
                        {
                            continue;
                        }
                        var value = source.Value(start + r, splitFeature[node]);
                        var right = (value > splitThreshold[node] ? 1 : 0) | ((double.IsNaN(value) ? 1 : 0) & missingRight[node]);
                        node = children[(2 * node) + right];
                        nodes[r] = node;
                        active |= node >= 0;
                    }
                }
                for (var r = 0; r < count; r++)
                {
                    target[start + r] += leafValues[~nodes[r]];
                }
            }
        }
        if (rowCount >= ParallelBatchRows)
        {
            Parallel.For(0, blocks, ScoreBlock);
        }
        else
        {
            for (var block = 0; block < blocks; block++)
            {
                ScoreBlock(block);
            }
        }
    }

    /// <summary>Where a batch's values live; a struct type argument, so the access is inlined per layout.</summary>
    private interface IBatchRows
    {
        double Value(int row, int input);
    }

    private readonly unsafe struct RowMajorRows(double* values, int width) : IBatchRows
    {
        public double Value(int row, int input) => values[((long)row * width) + input];
    }

    private readonly unsafe struct ColumnMajorRows(nint[] columns) : IBatchRows
    {
        public double Value(int row, int input) => ((double*)columns[input])[row];
    }

    private protected override Model WithSignature(ModelSignature signature) =>
        new GradientBoostedTreesModel(Task, signature, baseScore, treeRoots, splitFeature, splitThreshold,
            leftChild, rightChild, defaultLeft, leafValues, Hyperparameters, Training);

    internal override void WriteParameters(Utf8JsonWriter header, ArtifactArrayWriter arrays)
    {
        header.WriteStartObject("preprocessing");
        header.WriteString("numeric", "asIs");
        header.WriteString("categorical", "vocabularyCode");
        header.WriteString("missing", "learnedDirection");
        header.WriteEndObject();

        header.WriteStartObject("parameters");
        header.WriteString("objective", Task == ModelTask.BinaryClassification ? "logloss" : "squaredError");
        header.WriteString("link", Task == ModelTask.BinaryClassification ? "logistic" : "identity");
        header.WriteNumber("baseScore", baseScore);
        header.WriteNumber("treeCount", treeRoots.Length);
        header.WriteNumber("nodeCount", splitFeature.Length);
        header.WriteNumber("leafCount", leafValues.Length);
        header.WriteString("layout", "flat: node goes left when x <= splitThreshold; NaN follows defaultLeft; child < 0 is leaf ~child");
        header.WriteEndObject();

        arrays.Add("treeRoots", treeRoots);
        arrays.Add("splitFeature", splitFeature);
        arrays.Add("splitThreshold", splitThreshold);
        arrays.Add("leftChild", leftChild);
        arrays.Add("rightChild", rightChild);
        var flags = new byte[defaultLeft.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] = defaultLeft[i] ? (byte)1 : (byte)0;
        }
        arrays.Add("defaultLeft", flags);
        arrays.Add("leafValues", leafValues);
    }

    internal static GradientBoostedTreesModel Read(
        ModelTask task,
        ModelSignature signature,
        JsonElement header,
        ArtifactArrayReader arrays,
        IReadOnlyList<KeyValuePair<string, object>> hyperparameters,
        TrainingSummary? training)
    {
        var parameters = ArtifactHeaderFields.Object(header, "parameters");
        var objective = ArtifactHeaderFields.String(parameters, "objective", "parameters.objective");
        var expected = task == ModelTask.BinaryClassification ? "logloss" : "squaredError";
        if (objective != expected)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"A gbdt model for this task needs objective '{expected}', not '{objective}'.");
        }
        var treeCount = ArtifactHeaderFields.Int(parameters, "treeCount", "parameters.treeCount");
        var nodeCount = ArtifactHeaderFields.Int(parameters, "nodeCount", "parameters.nodeCount");
        var leafCount = ArtifactHeaderFields.Int(parameters, "leafCount", "parameters.leafCount");
        var flags = arrays.Bytes("defaultLeft", nodeCount);
        var defaultLeft = new bool[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            defaultLeft[i] = flags[i] switch
            {
                0 => false,
                1 => true,
                _ => throw new ModelFormatException(ModelFormatError.Invalid, $"defaultLeft[{i}] is {flags[i]}; expected 0 or 1."),
            };
        }
        return new GradientBoostedTreesModel(
            task,
            signature,
            ArtifactHeaderFields.Double(parameters, "baseScore", "parameters.baseScore"),
            arrays.Int32s("treeRoots", treeCount),
            arrays.Int32s("splitFeature", nodeCount),
            arrays.Doubles("splitThreshold", nodeCount),
            arrays.Int32s("leftChild", nodeCount),
            arrays.Int32s("rightChild", nodeCount),
            defaultLeft,
            arrays.Doubles("leafValues", leafCount),
            hyperparameters,
            training);
    }

    /// <summary>
    /// Every child lies after its parent, within range, and every leaf exists: a damaged or
    /// hand-made artifact cannot send scoring out of bounds or round a cycle.
    /// </summary>
    private void CheckStructure()
    {
        var nodes = splitFeature.Length;
        if (splitThreshold.Length != nodes || leftChild.Length != nodes || rightChild.Length != nodes || defaultLeft.Length != nodes)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, "The tree arrays have different lengths.");
        }
        void CheckChild(int parent, int child, string name)
        {
            if (child >= 0 ? child <= parent || child >= nodes : ~child >= leafValues.Length)
            {
                throw new ModelFormatException(ModelFormatError.Invalid, $"Node {parent} has {name} child {child}, which is out of range or not after its parent.");
            }
        }
        for (var node = 0; node < nodes; node++)
        {
            if ((uint)splitFeature[node] >= (uint)InputCount)
            {
                throw new ModelFormatException(ModelFormatError.Invalid, $"Node {node} splits on input {splitFeature[node]}; the model has {InputCount} inputs.");
            }
            if (double.IsNaN(splitThreshold[node]))
            {
                throw new ModelFormatException(ModelFormatError.Invalid, $"Node {node} has a NaN threshold.");
            }
            CheckChild(node, leftChild[node], "left");
            CheckChild(node, rightChild[node], "right");
        }
        foreach (var root in treeRoots)
        {
            if (root >= 0 ? root >= nodes : ~root >= leafValues.Length)
            {
                throw new ModelFormatException(ModelFormatError.Invalid, $"Tree root {root} is out of range.");
            }
        }
    }
}
