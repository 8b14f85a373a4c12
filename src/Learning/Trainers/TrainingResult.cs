using Reference.Learning.Models;

namespace Reference.Learning.Trainers;

/// <summary>The trained model, and the validation metric after each iteration (empty without a validation set).</summary>
public sealed record TrainingResult(Model Model, IReadOnlyList<double> ValidationHistory)
{
    public TrainingSummary Summary => Model.Training!;
}
