namespace Reference.Learning.Trainers;

/// <summary>
/// A progress report: stage, iteration out of the maximum, and the current validation metric
/// (lower is better: logloss or rmse) when a validation set was given.
/// </summary>
public readonly record struct TrainingProgress(
    TrainingStage Stage,
    int Iteration,
    int Total,
    string? ValidationMetricName,
    double? ValidationMetric);
