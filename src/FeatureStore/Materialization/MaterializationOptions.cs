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
}
