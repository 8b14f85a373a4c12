using System.Globalization;
using Reference.Cli.Specs;

namespace Reference.Cli.Train;

// The training runner's job request (POST /api/jobs) built from the spec's training section, with hyperparameters
// overridden from the command line (--trees 20 for a quick run).
public static class TrainingJobRequest
{
    public static object From(UseCaseSpec spec, IReadOnlyDictionary<string, string> overrides)
    {
        var training = spec.Training
            ?? throw new CliException($"The spec of '{spec.Name}' has no training section; add one (model, featureService, labels, entitySet, algorithm) to train.", ExitCodes.Usage);
        var hyperparameters = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in training.Hyperparameters.Concat(overrides))
        {
            // YAML scalars arrive as text: numbers and booleans go as JSON numbers and booleans, the rest (objective: regression) as text.
            hyperparameters[name] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
                : bool.TryParse(value, out var flag) ? flag
                : value;
        }

        return new
        {
            useCase = spec.Name,
            model = training.Model,
            featureService = training.FeatureService,
            labels = training.Labels is null ? null : new { featureView = training.Labels.FeatureView, column = training.Labels.Column },
            entitySet = training.EntitySet,
            algorithm = training.Algorithm,
            hyperparameters,
            validation = training.Validation is null ? null : new { split = training.Validation.Split, fraction = training.Validation.Fraction },
            gates = training.Gates is null ? null : new { metric = training.Gates.Metric, min = training.Gates.Min, max = training.Gates.Max, maxRegression = training.Gates.MaxRegression },
            placement = training.Placement is { Pools.Count: > 0 } placement ? new { pools = placement.Pools } : null,
        };
    }
}
