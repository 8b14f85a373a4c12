using System.Diagnostics.CodeAnalysis;
using Reference.Learning.Trainers.Gbdt;
using Reference.Learning.Trainers.Hyperparameters;
using Reference.Learning.Trainers.Linear;
using Reference.Learning.Trainers.Logistic;

namespace Reference.Learning.Trainers;

/// <summary>
/// From the use-case spec's <c>algorithm</c> and <c>hyperparameters</c> to a trainer, or to the
/// per-field errors a service returns as 422 before it queues a job.
/// </summary>
public static class TrainerCatalog
{
    public static IReadOnlyList<string> Algorithms { get; } = ["gbdt", "logistic", "linear"];

    public static IReadOnlyList<HyperparameterDescription> Describe(string algorithm) => algorithm switch
    {
        "gbdt" => GbdtOptions.Describe(),
        "logistic" => LogisticRegressionOptions.Describe(),
        "linear" => LinearRegressionOptions.Describe(),
        _ => throw new ArgumentException(UnknownAlgorithm(algorithm).Message, nameof(algorithm)),
    };

    public static IReadOnlyList<HyperparameterError> Validate(string algorithm, IReadOnlyDictionary<string, object?>? hyperparameters) =>
        TryCreate(algorithm, hyperparameters, out _, out var errors) ? [] : errors;

    public static bool TryCreate(
        string algorithm,
        IReadOnlyDictionary<string, object?>? hyperparameters,
        [NotNullWhen(true)] out ITrainer? trainer,
        out IReadOnlyList<HyperparameterError> errors,
        ComputeBudget? compute = null)
    {
        trainer = null;
        switch (algorithm)
        {
            case "gbdt":
                var gbdt = GbdtOptions.Parse(hyperparameters);
                errors = gbdt.Errors;
                if (gbdt.IsValid)
                {
                    trainer = new GbdtTrainer(gbdt.Options, compute);
                }
                break;
            case "logistic":
                var logistic = LogisticRegressionOptions.Parse(hyperparameters);
                errors = logistic.Errors;
                if (logistic.IsValid)
                {
                    trainer = new LogisticRegressionTrainer(logistic.Options, compute);
                }
                break;
            case "linear":
                var linear = LinearRegressionOptions.Parse(hyperparameters);
                errors = linear.Errors;
                if (linear.IsValid)
                {
                    trainer = new LinearRegressionTrainer(linear.Options, compute);
                }
                break;
            default:
                errors = [UnknownAlgorithm(algorithm)];
                break;
        }
        return trainer is not null;
    }

    private static HyperparameterError UnknownAlgorithm(string? algorithm) =>
        new("algorithm", algorithm, "one of: " + string.Join(", ", Algorithms),
            $"algorithm must be one of: {string.Join(", ", Algorithms)}; got '{algorithm}'.");
}
