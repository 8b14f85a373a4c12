namespace Reference.Learning.Trainers.Gbdt;

public enum TreeGrowth
{
    /// <summary>Level by level, like XGBoost: balanced trees bounded by maxDepth.</summary>
    DepthWise,
    /// <summary>Always the leaf with the largest gain next, like LightGBM: deeper where it pays, bounded by maxLeaves.</summary>
    LeafWise,
}
