namespace Reference.Bench;

/// <summary>One benchmark: the project's figure next to a baseline measured in the same run. Scenarios are found by reflection.</summary>
public interface IBenchScenario
{
    /// <summary>Short name used on the command line, e.g. "apphost-start".</summary>
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken);
}

/// <summary>One comparison: a metric of the project and of the baseline, in the same unit; ratio = project / baseline.</summary>
public sealed record BenchResult(string Metric, string Unit, double Project, double Baseline, string ProjectLabel, string BaselineLabel)
{
    public double Ratio => Baseline == 0 ? double.NaN : Project / Baseline;

    /// <summary>Extra figures worth keeping with the result (percentiles, counts, quality metrics).</summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = new Dictionary<string, double>();
}

public sealed class BenchContext(string repositoryRoot, bool quick)
{
    public string RepositoryRoot { get; } = repositoryRoot;

    /// <summary>Smaller sizes, for a smoke run.</summary>
    public bool Quick { get; } = quick;

    public void Progress(string message) => Console.Error.WriteLine($"  … {message}");
}
