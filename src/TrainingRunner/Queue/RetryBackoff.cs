namespace Reference.TrainingRunner.Queue;

// Exponential backoff between attempts: base, 2×base, 4×base ..., capped at an hour.
public static class RetryBackoff
{
    public static TimeSpan After(int attempt, TimeSpan baseDelay) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, baseDelay.Ticks * (1L << Math.Clamp(attempt - 1, 0, 20))));
}
