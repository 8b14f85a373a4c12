namespace Reference.Learning.Trainers.Hyperparameters;

/// <summary>
/// One invalid hyperparameter: which (<paramref name="Name"/>), what was given
/// (<paramref name="Value"/>, null when absent or null), what is allowed, and a sentence that says
/// what to change. A service maps a list of these to a 422 problem's per-field errors.
/// </summary>
public sealed record HyperparameterError(string Name, string? Value, string Allowed, string Message);
