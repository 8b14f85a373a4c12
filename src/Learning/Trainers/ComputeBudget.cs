namespace Reference.Learning.Trainers;

/// <summary>
/// How many cores a trainer may use. It changes speed only: every parallel reduction sums in a
/// fixed order, so results do not depend on it (and it is not a hyperparameter).
/// </summary>
public sealed record ComputeBudget(int MaxDegreeOfParallelism = -1)
{
    public static ComputeBudget AllCores { get; } = new();

    public static ComputeBudget SingleCore { get; } = new(1);

    internal ParallelOptions ToParallelOptions() => new() { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
}
