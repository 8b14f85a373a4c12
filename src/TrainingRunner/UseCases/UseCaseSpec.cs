namespace Reference.TrainingRunner.UseCases;

// The parts of usecase.yaml (ARCHITECTURE.md's shape) that the training runner reads; other sections are ignored.
public sealed class UseCaseSpec
{
    public string? Name { get; set; }

    public string? Owner { get; set; }

    public string? Residency { get; set; }

    public TrainingSection? Training { get; set; }
}

public sealed class TrainingSection
{
    public string? Model { get; set; }

    public string? FeatureService { get; set; }

    public LabelsSection? Labels { get; set; }

    // The stored entity set (label events) to train on, and how far back from now to take its rows.
    public string? EntitySet { get; set; }

    public string? Window { get; set; }

    public string? Algorithm { get; set; }

    public Dictionary<string, object?>? Hyperparameters { get; set; }

    public ValidationSection? Validation { get; set; }

    public string? Schedule { get; set; }

    public GatesSection? Gates { get; set; }

    public PlacementSection? Placement { get; set; }
}

public sealed class LabelsSection
{
    public string? FeatureView { get; set; }

    public string? Column { get; set; }
}

public sealed class ValidationSection
{
    public string? Split { get; set; }

    public double? Fraction { get; set; }
}

public sealed class GatesSection
{
    public string? Metric { get; set; }

    public double? Min { get; set; }

    public double? Max { get; set; }

    public double? MaxRegression { get; set; }
}

public sealed class PlacementSection
{
    public List<string>? Pools { get; set; }

    public bool? RequiresGpu { get; set; }
}
