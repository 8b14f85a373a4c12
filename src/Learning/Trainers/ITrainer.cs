using Reference.Learning.Data;

namespace Reference.Learning.Trainers;

/// <summary>
/// Trains one algorithm with validated options. The same options and data give the same model,
/// bit for bit, whatever the number of cores. Cancellation is checked between iterations and
/// surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
public interface ITrainer
{
    /// <summary>"logistic", "linear" or "gbdt".</summary>
    string Algorithm { get; }

    TrainingResult Train(
        TrainingSet train,
        TrainingSet? validation = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
