namespace Reference.FeatureStore.Materialization;

// FeatureStore:Materialization in configuration.
public sealed class MaterializationOptions
{
    public const string SectionName = "FeatureStore:Materialization";

    // A replica that has not heartbeated for this long has lost the job; another one resumes it.
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    // Attempts whose replica died before the job is failed for good.
    public int MaxAttempts { get; set; } = 5;

    // How often an idle replica looks for queued or abandoned jobs (a job queued on this replica wakes it at once).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    // Rows per pipelined Redis batch and batches in flight: the checkpoint advances one acknowledged batch at a time.
    public int BatchSize { get; set; } = 2000;

    public int BatchesInFlight { get; set; } = 4;

    // Redis or PostgreSQL failing transiently (TransientStoreFailure) mid-job: retried this many times in a row, from the
    // last batch Redis acknowledged, with exponential backoff, before the job fails. The lease is kept meanwhile.
    public int TransientRetries { get; set; } = 6;

    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan TransientRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
