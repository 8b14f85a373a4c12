namespace Reference.Learning.Trainers;

public enum TrainingStage
{
    /// <summary>Computing column statistics (standardisation, bin edges) before iterating.</summary>
    Preparing,
    /// <summary>Iterating: solver steps or trees.</summary>
    Iterating,
    Finished,
}
