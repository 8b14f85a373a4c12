namespace Reference.ServiceDefaults;

// Bound from the "Resilience" section; defaults follow Microsoft.Extensions.Http.Resilience's standard handler.
public sealed class HttpResilienceOptions
{
    public const string SectionName = "Resilience";

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // 0 turns retries off.
    public int MaxRetryAttempts { get; set; } = 3;

    // The first backoff; later ones grow exponentially, with jitter.
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public double CircuitBreakerFailureRatio { get; set; } = 0.1;

    public int CircuitBreakerMinimumThroughput { get; set; } = 100;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    // Idempotent requests whose content cannot be re-sent are buffered up to this size to allow retries; larger ones are sent once.
    public long MaxBufferedContentBytes { get; set; } = 1024 * 1024;
}
