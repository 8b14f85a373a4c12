using Reference.Placement.Datasets;

namespace Reference.Placement.Workloads;

/// <summary>
/// A feature view that a workload's model was trained on (from the model registry's lineage).
/// Its classification and residency travel with the model wherever it is placed.
/// </summary>
public sealed record LineageEntry(string FeatureView, DataClassification Classification, string? Residency = null);
