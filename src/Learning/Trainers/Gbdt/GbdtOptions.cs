using Reference.Learning.Trainers.Hyperparameters;

namespace Reference.Learning.Trainers.Gbdt;

/// <summary>
/// Histogram-based gradient-boosted trees. Names follow the use-case spec's hyperparameters
/// (<c>trees</c>, <c>maxDepth</c>, <c>learningRate</c>, …); parse them with <see cref="Parse"/>.
/// </summary>
public sealed record GbdtOptions
{
    public GbdtObjective Objective { get; init; } = GbdtObjective.Auto;

    /// <summary>The maximum number of trees (boosting rounds).</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Shrinkage: each tree's leaf values are multiplied by this.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The root is depth 0; a tree has at most 2^maxDepth leaves.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>0 for no limit beyond maxDepth.</summary>
    public int MaxLeaves { get; init; }

    public TreeGrowth Growth { get; init; } = TreeGrowth.DepthWise;

    /// <summary>The least hessian sum in a child (rows, for squared error; p(1−p) summed, for log loss).</summary>
    public double MinChildWeight { get; init; } = 1;

    /// <summary>L2 penalty on leaf values (λ).</summary>
    public double L2 { get; init; } = 1;

    /// <summary>The least loss reduction for a split (γ).</summary>
    public double MinSplitGain { get; init; }

    /// <summary>The fraction of rows each tree sees.</summary>
    public double RowSubsample { get; init; } = 1;

    /// <summary>The fraction of features each tree sees.</summary>
    public double FeatureSubsample { get; init; } = 1;

    /// <summary>Quantile bins per feature (one more bin holds missing values).</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>Stop after this many trees without a better validation metric, and keep the best; 0 disables.</summary>
    public int EarlyStoppingRounds { get; init; } = 20;

    public int Seed { get; init; }

    internal static HyperparameterSchema<GbdtOptions> Schema { get; } =
        new HyperparameterSchema<GbdtOptions>("gbdt")
            .Choice("objective", [("auto", GbdtObjective.Auto), ("binary", GbdtObjective.Binary), ("regression", GbdtObjective.Regression)],
                o => o.Objective, (o, v) => o with { Objective = v })
            .Int("trees", 1, 100_000, o => o.Trees, (o, v) => o with { Trees = v })
            .Double("learningRate", 0, 1, o => o.LearningRate, (o, v) => o with { LearningRate = v }, minExclusive: true)
            .Int("maxDepth", 1, 30, o => o.MaxDepth, (o, v) => o with { MaxDepth = v })
            .Int("maxLeaves", 0, 1 << 20, o => o.MaxLeaves, (o, v) => o with { MaxLeaves = v })
            .Choice("growth", [("depthWise", TreeGrowth.DepthWise), ("leafWise", TreeGrowth.LeafWise)],
                o => o.Growth, (o, v) => o with { Growth = v })
            .Double("minChildWeight", 0, 1e9, o => o.MinChildWeight, (o, v) => o with { MinChildWeight = v })
            .Double("l2", 0, 1e9, o => o.L2, (o, v) => o with { L2 = v })
            .Double("minSplitGain", 0, 1e9, o => o.MinSplitGain, (o, v) => o with { MinSplitGain = v })
            .Double("rowSubsample", 0, 1, o => o.RowSubsample, (o, v) => o with { RowSubsample = v }, minExclusive: true)
            .Double("featureSubsample", 0, 1, o => o.FeatureSubsample, (o, v) => o with { FeatureSubsample = v }, minExclusive: true)
            .Int("maxBins", 2, 255, o => o.MaxBins, (o, v) => o with { MaxBins = v })
            .Int("earlyStoppingRounds", 0, 100_000, o => o.EarlyStoppingRounds, (o, v) => o with { EarlyStoppingRounds = v })
            .Int("seed", 0, int.MaxValue, o => o.Seed, (o, v) => o with { Seed = v })
            .Rule("maxLeaves", o => o.MaxLeaves != 1, o => o.MaxLeaves, "0 (no limit) or an integer in [2, 1048576]")
            .Rule("l2", o => o.L2 > 0 || o.MinChildWeight > 0, o => o.L2, "greater than 0 when minChildWeight is 0 (else an empty-hessian leaf divides by zero)");

    public static HyperparameterParseResult<GbdtOptions> Parse(IReadOnlyDictionary<string, object?>? values) =>
        Schema.Parse(values, new GbdtOptions());

    public IReadOnlyList<HyperparameterError> Validate() => Schema.Validate(this);

    public static IReadOnlyList<HyperparameterDescription> Describe() => Schema.Describe(new GbdtOptions());
}
