namespace Reference.Cli.Specs;

// usecase.yaml as the CLI reads it (see the architecture's "The use-case spec"); fields it does not use are ignored,
// so that other readers can extend the spec without breaking the CLI.
public sealed class UseCaseSpec
{
    public string? Name { get; set; }

    public string? Owner { get; set; }

    public string? CostCenter { get; set; }

    public string? Residency { get; set; }

    public List<EntitySpec> Entities { get; set; } = [];

    public List<FeatureViewSpec> FeatureViews { get; set; } = [];

    public List<FeatureServiceSpec> FeatureServices { get; set; } = [];

    public TrainingSpec? Training { get; set; }

    public ServingSpec? Serving { get; set; }

    public SampleDataSpec? SampleData { get; set; }
}

public sealed class EntitySpec
{
    public string? Name { get; set; }

    public List<string> JoinKeys { get; set; } = [];

    public string? Description { get; set; }
}

public sealed class FeatureViewSpec
{
    public string? Name { get; set; }

    public List<string> Entities { get; set; } = [];

    public string? Ttl { get; set; }

    public string? Classification { get; set; }

    public string? Residency { get; set; }

    public bool? Online { get; set; }

    public List<FeatureSpec> Features { get; set; } = [];
}

public sealed class FeatureSpec
{
    public string? Name { get; set; }

    public string? Type { get; set; }
}

public sealed class FeatureServiceSpec
{
    public string? Name { get; set; }

    public List<string> Features { get; set; } = [];
}

public sealed class TrainingSpec
{
    public string? Model { get; set; }

    public string? FeatureService { get; set; }

    public LabelsSpec? Labels { get; set; }

    public string? EntitySet { get; set; }

    public string? Algorithm { get; set; }

    public Dictionary<string, string> Hyperparameters { get; set; } = [];

    public ValidationSpec? Validation { get; set; }

    public GatesSpec? Gates { get; set; }

    public TrainingPlacementSpec? Placement { get; set; }
}

public sealed class LabelsSpec
{
    public string? FeatureView { get; set; }

    public string? Column { get; set; }
}

public sealed class ValidationSpec
{
    public string? Split { get; set; }

    public double? Fraction { get; set; }
}

public sealed class GatesSpec
{
    public string? Metric { get; set; }

    public double? Min { get; set; }

    public double? Max { get; set; }

    public double? MaxRegression { get; set; }
}

public sealed class TrainingPlacementSpec
{
    public List<string> Pools { get; set; } = [];
}

public sealed class ServingSpec
{
    public string? Model { get; set; }

    public string? Alias { get; set; }
}

public sealed class SampleDataSpec
{
    public string? Generator { get; set; }

    public int? Rows { get; set; }

    public int? Seed { get; set; }
}
