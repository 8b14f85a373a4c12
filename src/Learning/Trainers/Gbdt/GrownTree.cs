namespace Reference.Learning.Trainers.Gbdt;

/// <summary>
/// One tree as grown, in tree-local indices (children ≥ 0 are nodes, ~k is leaf k), with each
/// leaf's range in the grower's row buffer so that training scores can be updated without a traversal.
/// </summary>
internal sealed class GrownTree
{
    public List<int> Feature { get; } = [];
    public List<int> ThresholdBin { get; } = [];
    public List<double> Threshold { get; } = [];
    public List<bool> DefaultLeft { get; } = [];
    public List<int> Left { get; } = [];
    public List<int> Right { get; } = [];
    public List<double> LeafValues { get; } = [];
    public List<(int Start, int Count)> LeafRows { get; } = [];

    /// <summary>Node 0 when the root was split, else leaf 0 (~0).</summary>
    public int Root => Feature.Count > 0 ? 0 : ~0;

    public int AddNode(int feature, int bin, double threshold, bool defaultLeft)
    {
        Feature.Add(feature);
        ThresholdBin.Add(bin);
        Threshold.Add(threshold);
        DefaultLeft.Add(defaultLeft);
        Left.Add(int.MinValue);
        Right.Add(int.MinValue);
        return Feature.Count - 1;
    }

    public int AddLeaf(double value, int start, int count)
    {
        LeafValues.Add(value);
        LeafRows.Add((start, count));
        return LeafValues.Count - 1;
    }

    public void Link(int parent, bool isLeft, int child)
    {
        if (parent < 0)
        {
            return;
        }
        if (isLeft)
        {
            Left[parent] = child;
        }
        else
        {
            Right[parent] = child;
        }
    }

    /// <summary>The leaf a binned row lands in.</summary>
    public int LeafOf(byte[][] bins, int[] binCounts, int row)
    {
        var node = Root;
        while (node >= 0)
        {
            var feature = Feature[node];
            var bin = bins[feature][row];
            var goLeft = bin == binCounts[feature] ? DefaultLeft[node] : bin <= ThresholdBin[node];
            node = goLeft ? Left[node] : Right[node];
        }
        return ~node;
    }

    /// <summary>The leaf a raw row lands in (columns are pinned float64 pointers; NaN is missing): the saved model's rule.</summary>
    public unsafe int LeafOf(nint[] columns, int row)
    {
        var node = Root;
        while (node >= 0)
        {
            var x = ((double*)columns[Feature[node]])[row];
            node = x <= Threshold[node] ? Left[node]
                : !double.IsNaN(x) || !DefaultLeft[node] ? Right[node]
                : Left[node];
        }
        return ~node;
    }
}
