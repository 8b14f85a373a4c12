namespace Reference.Learning.Trainers.Hyperparameters;

/// <summary>A hyperparameter as documentation or an API schema would show it.</summary>
public sealed record HyperparameterDescription(string Name, string Allowed, object DefaultValue);
