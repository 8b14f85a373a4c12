namespace Reference.Learning.Trainers.Gbdt;

/// <summary>
/// Grows one regression tree on gradient/hessian pairs from binned features. Per leaf it keeps a
/// histogram of (gradient, hessian, count) per bin; a split builds the smaller child's histogram
/// from its rows and gets the larger one by subtraction from the parent. Histograms are built one
/// feature per task, each summed in row order, so the tree is the same on any number of cores.
/// </summary>
internal sealed class TreeGrower
{
    /// <summary>Below this many (row × feature) visits a histogram is built on one thread: the hand-off would cost more.</summary>
    private const int ParallelWork = 65_536;

    private readonly byte[][] bins;
    private readonly int[] binCounts;
    private readonly int[] offsets;
    private readonly int histogramLength;
    private readonly GbdtOptions options;
    private readonly ParallelOptions parallel;
    private readonly int[] rows;
    private readonly int[] scratch;
    private readonly double[] ordered;
    private readonly Stack<double[]> pool = new();

    public TreeGrower(byte[][] bins, FeatureBins featureBins, int rowCount, GbdtOptions options, ParallelOptions parallel)
    {
        this.bins = bins;
        this.options = options;
        this.parallel = parallel;
        binCounts = new int[bins.Length];
        offsets = new int[bins.Length];
        var offset = 0;
        for (var f = 0; f < bins.Length; f++)
        {
            binCounts[f] = featureBins.BinCount(f);
            offsets[f] = offset;
            offset += 3 * (binCounts[f] + 1);
        }
        histogramLength = offset;
        UpperBounds = featureBins.UpperBounds;
        rows = new int[rowCount];
        scratch = new int[rowCount];
        ordered = new double[2 * rowCount];
    }

    public int[] BinCounts => binCounts;

    private double[][] UpperBounds { get; }

    /// <summary>The row buffer; a grown tree's leaf ranges index into it until the next Grow.</summary>
    public int[] Rows => rows;

    /// <param name="sample">Rows this tree learns from, ascending.</param>
    /// <param name="features">Features this tree may split on, ascending.</param>
    /// <param name="gradients">Interleaved (gradient, hessian) per row.</param>
    public GrownTree Grow(int[] sample, int sampleCount, int[] features, double[] gradients)
    {
        Array.Copy(sample, rows, sampleCount);
        var tree = new GrownTree();
        double g = 0, h = 0;
        for (var i = 0; i < sampleCount; i++)
        {
            g += gradients[2 * sample[i]];
            h += gradients[(2 * sample[i]) + 1];
        }
        var open = new List<Leaf>();
        var sequence = 0;
        var root = new Leaf(0, sampleCount, g, h, 0, -1, false, sequence++);
        if (CanSplit(root))
        {
            root.Histogram = Rent();
            Build(root, features, gradients);
            root.Best = FindBest(root, features);
        }
        Settle(root, open, tree);

        var leaves = 1;
        while (open.Count > 0 && (options.MaxLeaves == 0 || leaves < options.MaxLeaves))
        {
            var leaf = PickNext(open);
            open.Remove(leaf);
            var split = leaf.Best;
            var node = tree.AddNode(split.Feature, split.Bin, UpperBounds[split.Feature][split.Bin], split.DefaultLeft);
            tree.Link(leaf.Parent, leaf.IsLeft, node);
            var leftCount = Partition(leaf, split);
            var left = new Leaf(leaf.Start, leftCount, split.LeftGradient, split.LeftHessian, leaf.Depth + 1, node, true, sequence++);
            var right = new Leaf(leaf.Start + leftCount, leaf.Count - leftCount, split.RightGradient, split.RightHessian, leaf.Depth + 1, node, false, sequence++);
            leaves++;

            if (CanSplit(left) || CanSplit(right))
            {
                // Build the smaller child from its rows; the parent's histogram minus it is the larger child's.
                var (small, large) = left.Count <= right.Count ? (left, right) : (right, left);
                small.Histogram = Rent();
                Build(small, features, gradients);
                large.Histogram = leaf.Histogram;
                Subtract(large.Histogram!, small.Histogram, features);
                leaf.Histogram = null;
                left.Best = CanSplit(left) ? FindBest(left, features) : SplitCandidate.None;
                right.Best = CanSplit(right) ? FindBest(right, features) : SplitCandidate.None;
            }
            else
            {
                Return(leaf);
            }
            Settle(left, open, tree);
            Settle(right, open, tree);
        }
        foreach (var leaf in open.OrderBy(l => l.Sequence))
        {
            Close(leaf, tree);
        }
        return tree;
    }

    private bool CanSplit(Leaf leaf) =>
        leaf.Depth < options.MaxDepth && leaf.Count >= 2 && leaf.Hessian >= 2 * options.MinChildWeight;

    /// <summary>A leaf with a worthwhile split stays open; any other is closed now and its histogram reused.</summary>
    private void Settle(Leaf leaf, List<Leaf> open, GrownTree tree)
    {
        if (leaf.Best.Exists && leaf.Best.Gain > options.MinSplitGain)
        {
            open.Add(leaf);
        }
        else
        {
            Close(leaf, tree);
        }
    }

    private void Close(Leaf leaf, GrownTree tree)
    {
        var value = -leaf.Gradient / (leaf.Hessian + options.L2) * options.LearningRate;
        var index = tree.AddLeaf(value, leaf.Start, leaf.Count);
        tree.Link(leaf.Parent, leaf.IsLeft, ~index);
        Return(leaf);
    }

    private Leaf PickNext(List<Leaf> open)
    {
        var best = open[0];
        foreach (var leaf in open)
        {
            var better = options.Growth == TreeGrowth.LeafWise
                ? leaf.Best.Gain > best.Best.Gain || (leaf.Best.Gain == best.Best.Gain && leaf.Sequence < best.Sequence)
                : leaf.Depth < best.Depth || (leaf.Depth == best.Depth && leaf.Sequence < best.Sequence);
            if (better)
            {
                best = leaf;
            }
        }
        return best;
    }

    private void Build(Leaf leaf, int[] features, double[] gradients)
    {
        var histogram = leaf.Histogram!;
        var start = leaf.Start;
        var count = leaf.Count;
        // Gather the leaf's (gradient, hessian) pairs once, in row order, so that each feature's
        // pass reads them sequentially instead of jumping through the full gradient array.
        for (var i = 0; i < count; i++)
        {
            var row = rows[start + i];
            ordered[2 * i] = gradients[2 * row];
            ordered[(2 * i) + 1] = gradients[(2 * row) + 1];
        }
        void BuildFeature(int k)
        {
            var feature = features[k];
            var target = histogram.AsSpan(offsets[feature], 3 * (binCounts[feature] + 1));
            target.Clear();
            var column = bins[feature];
            var range = rows.AsSpan(start, count);
            var pairs = ordered.AsSpan(0, 2 * count);
            for (var i = 0; i < range.Length; i++)
            {
                var at = 3 * column[range[i]];
                target[at] += pairs[2 * i];
                target[at + 1] += pairs[(2 * i) + 1];
                target[at + 2] += 1;
            }
        }
        if ((long)count * features.Length >= ParallelWork)
        {
            Parallel.For(0, features.Length, parallel, BuildFeature);
        }
        else
        {
            for (var k = 0; k < features.Length; k++)
            {
                BuildFeature(k);
            }
        }
    }

    private void Subtract(double[] parent, double[] child, int[] features)
    {
        foreach (var feature in features)
        {
            var offset = offsets[feature];
            var length = 3 * (binCounts[feature] + 1);
            for (var i = offset; i < offset + length; i++)
            {
                parent[i] -= child[i];
            }
        }
    }

    /// <summary>Best split over the features; on equal gain the lower feature, then the lower bin, wins.</summary>
    private SplitCandidate FindBest(Leaf leaf, int[] features)
    {
        var best = SplitCandidate.None;
        foreach (var feature in features)
        {
            var candidate = FindBest(leaf, feature);
            if (candidate.Gain > best.Gain)
            {
                best = candidate;
            }
        }
        return best;
    }

    private SplitCandidate FindBest(Leaf leaf, int feature)
    {
        var histogram = leaf.Histogram.AsSpan(offsets[feature], 3 * (binCounts[feature] + 1));
        var valueBins = binCounts[feature];
        var missingG = histogram[3 * valueBins];
        var missingH = histogram[(3 * valueBins) + 1];
        var missingC = histogram[(3 * valueBins) + 2];
        var lambda = options.L2;
        var parentScore = leaf.Gradient * leaf.Gradient / (leaf.Hessian + lambda);
        var best = SplitCandidate.None;
        double g = 0, h = 0, c = 0;
        // The last threshold (bin count − 1, upper bound +∞) separates missing from present values.
        for (var bin = 0; bin < valueBins; bin++)
        {
            g += histogram[3 * bin];
            h += histogram[(3 * bin) + 1];
            c += histogram[(3 * bin) + 2];
            if (c == 0)
            {
                continue;
            }
            var isLast = bin == valueBins - 1;
            if (!isLast || missingC > 0)
            {
                // Missing values to the right (and, with no missing rows, the default goes to the larger side).
                var defaultLeft = missingC == 0 && c >= leaf.Count - c;
                Consider(ref best, leaf, feature, bin, defaultLeft, g, h, c, parentScore);
            }
            if (missingC > 0 && !isLast)
            {
                Consider(ref best, leaf, feature, bin, true, g + missingG, h + missingH, c + missingC, parentScore);
            }
        }
        return best;
    }

    private void Consider(ref SplitCandidate best, Leaf leaf, int feature, int bin, bool defaultLeft, double leftG, double leftH, double leftC, double parentScore)
    {
        var rightC = leaf.Count - leftC;
        if (leftC <= 0 || rightC <= 0)
        {
            return;
        }
        var rightG = leaf.Gradient - leftG;
        var rightH = leaf.Hessian - leftH;
        if (leftH < options.MinChildWeight || rightH < options.MinChildWeight)
        {
            return;
        }
        var lambda = options.L2;
        var gain = 0.5 * ((leftG * leftG / (leftH + lambda)) + (rightG * rightG / (rightH + lambda)) - parentScore);
        if (gain > best.Gain)
        {
            best = new SplitCandidate(feature, bin, defaultLeft, gain, leftG, leftH, leftC, rightG, rightH, rightC);
        }
    }

    /// <summary>
    /// Stable partition of the leaf's rows (left first), keeping each side in ascending row order.
    /// Branch-free: each row is written to both destinations and only the matching cursor moves,
    /// because which way a row goes is as unpredictable as a coin toss.
    /// </summary>
    private int Partition(Leaf leaf, SplitCandidate split)
    {
        var column = bins[split.Feature];
        var missing = binCounts[split.Feature];
        var threshold = split.Bin;
        var missingLeft = split.DefaultLeft ? 1 : 0;
        var range = rows.AsSpan(leaf.Start, leaf.Count);
        int left = 0, right = 0;
        for (var i = 0; i < range.Length; i++)
        {
            var row = range[i];
            var bin = column[row];
            var isMissing = bin == missing ? 1 : 0;
            var goesLeft = (isMissing & missingLeft) | ((1 - isMissing) & (bin <= threshold ? 1 : 0));
            range[left] = row; // left ≤ i: this slot has been read already
            scratch[right] = row;
            left += goesLeft;
            right += 1 - goesLeft;
        }
        scratch.AsSpan(0, right).CopyTo(range[left..]);
        return left;
    }

    private double[] Rent() => pool.Count > 0 ? pool.Pop() : new double[histogramLength];

    private void Return(Leaf leaf)
    {
        if (leaf.Histogram is not null)
        {
            pool.Push(leaf.Histogram);
            leaf.Histogram = null;
        }
    }

    private sealed class Leaf(int start, int count, double gradient, double hessian, int depth, int parent, bool isLeft, int sequence)
    {
        public int Start { get; } = start;
        public int Count { get; } = count;
        public double Gradient { get; } = gradient;
        public double Hessian { get; } = hessian;
        public int Depth { get; } = depth;
        public int Parent { get; } = parent;
        public bool IsLeft { get; } = isLeft;
        public int Sequence { get; } = sequence;
        public double[]? Histogram { get; set; }
        public SplitCandidate Best { get; set; } = SplitCandidate.None;
    }
}
