namespace Reference.TrainingRunner.Runs;

// The data a job needs cannot be read or used; retryable when another attempt may succeed (a service was down).
public sealed class TrainingDataException(string message, bool retryable = false) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
