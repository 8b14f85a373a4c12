using Reference.Learning.Trainers.Hyperparameters;

namespace Reference.Learning.Trainers.Logistic;

/// <summary>
/// Binary logistic regression. The objective is the mean log loss plus (l2 / 2)·‖β‖² on
/// standardised inputs (the intercept is not penalised).
/// </summary>
public sealed record LogisticRegressionOptions
{
    public double L2 { get; init; } = 1e-4;

    public int MaxIterations { get; init; } = 100;

    /// <summary>Converged when every gradient component of the objective is at most this.</summary>
    public double Tolerance { get; init; } = 1e-8;

    public LogisticSolver Solver { get; init; } = LogisticSolver.Auto;

    internal static HyperparameterSchema<LogisticRegressionOptions> Schema { get; } =
        new HyperparameterSchema<LogisticRegressionOptions>("logistic")
            .Double("l2", 0, 1e6, o => o.L2, (o, v) => o with { L2 = v })
            .Int("maxIterations", 1, 10_000, o => o.MaxIterations, (o, v) => o with { MaxIterations = v })
            .Double("tolerance", 0, 0.1, o => o.Tolerance, (o, v) => o with { Tolerance = v }, minExclusive: true)
            .Choice("solver", [("auto", LogisticSolver.Auto), ("newton", LogisticSolver.Newton), ("lbfgs", LogisticSolver.Lbfgs)],
                o => o.Solver, (o, v) => o with { Solver = v });

    public static HyperparameterParseResult<LogisticRegressionOptions> Parse(IReadOnlyDictionary<string, object?>? values) =>
        Schema.Parse(values, new LogisticRegressionOptions());

    public IReadOnlyList<HyperparameterError> Validate() => Schema.Validate(this);

    public static IReadOnlyList<HyperparameterDescription> Describe() => Schema.Describe(new LogisticRegressionOptions());
}
