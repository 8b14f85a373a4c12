namespace Reference.Learning.Trainers.Hyperparameters;

/// <summary>Thrown when a trainer is given options that do not validate.</summary>
public sealed class HyperparameterValidationException(IReadOnlyList<HyperparameterError> errors)
    : ArgumentException("Invalid hyperparameters: " + string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<HyperparameterError> Errors { get; } = errors;

    public static void ThrowIfAny(IReadOnlyList<HyperparameterError> errors)
    {
        if (errors.Count > 0)
        {
            throw new HyperparameterValidationException(errors);
        }
    }
}
