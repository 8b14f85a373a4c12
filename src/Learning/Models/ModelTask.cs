namespace Reference.Learning.Models;

public enum ModelTask
{
    /// <summary>Outputs the probability of the positive class.</summary>
    BinaryClassification,
    /// <summary>Outputs a continuous prediction.</summary>
    Regression,
}
