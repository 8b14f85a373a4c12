using Reference.Learning.Trainers.Hyperparameters;

namespace Reference.Learning.Trainers.Linear;

/// <summary>
/// Ridge regression: minimises the mean of ½·(y − ŷ)² plus (l2 / 2)·‖β‖² on standardised inputs
/// (the intercept is not penalised). l2 = 0 is ordinary least squares.
/// </summary>
public sealed record LinearRegressionOptions
{
    public double L2 { get; init; } = 1e-4;

    internal static HyperparameterSchema<LinearRegressionOptions> Schema { get; } =
        new HyperparameterSchema<LinearRegressionOptions>("linear")
            .Double("l2", 0, 1e6, o => o.L2, (o, v) => o with { L2 = v });

    public static HyperparameterParseResult<LinearRegressionOptions> Parse(IReadOnlyDictionary<string, object?>? values) =>
        Schema.Parse(values, new LinearRegressionOptions());

    public IReadOnlyList<HyperparameterError> Validate() => Schema.Validate(this);

    public static IReadOnlyList<HyperparameterDescription> Describe() => Schema.Describe(new LinearRegressionOptions());
}
