namespace Reference.Learning.Trainers.Gbdt;

public enum GbdtObjective
{
    /// <summary>Binary when every training label is 0 or 1, regression otherwise.</summary>
    Auto,
    /// <summary>Binary classification, minimising log loss; the model outputs a probability.</summary>
    Binary,
    /// <summary>Regression, minimising squared error.</summary>
    Regression,
}
