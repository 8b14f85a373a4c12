namespace Reference.Learning.Models;

/// <summary>What a model does with a missing (NaN) input.</summary>
public enum MissingValueHandling
{
    /// <summary>A missing value is rejected: scoring throws and names the input.</summary>
    Required,
    /// <summary>A missing value is replaced by the policy's value (the training mean, for linear models).</summary>
    Impute,
    /// <summary>A missing value contributes nothing (a categorical input of a linear model: every one-hot slot is zero).</summary>
    NoContribution,
    /// <summary>Each tree split sends a missing value the way learned in training.</summary>
    LearnedDirection,
}
