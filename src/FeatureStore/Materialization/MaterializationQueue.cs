namespace Reference.FeatureStore.Materialization;

// Wakes this replica's runner when a job is queued here; other replicas find it on their next poll.
public sealed class MaterializationQueue
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Notify() => _signal.Release();

    public async Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        await _signal.WaitAsync(pollInterval, cancellationToken);
    }
}
