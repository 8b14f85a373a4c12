namespace Reference.Learning.Models;

/// <summary>
/// How training went: iterations run (trees, or solver steps), the best iteration when early
/// stopping chose one, and the final validation metric.
/// </summary>
public sealed record TrainingSummary(
    int Iterations,
    int? BestIteration,
    bool StoppedEarly,
    string? ValidationMetricName,
    double? ValidationMetric);
