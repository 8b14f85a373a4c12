namespace Reference.Placement.Lineage;

/// <summary>A residency a workload must respect (eu, us, ...) and the data that imposed it.</summary>
public sealed record ResidencyRequirement(string Label, IReadOnlyList<DataOrigin> ImposedBy);
