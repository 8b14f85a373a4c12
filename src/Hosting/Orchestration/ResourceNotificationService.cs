using System.Collections.Concurrent;

namespace Reference.Hosting.Orchestration;

/// <summary>Current state of every resource, and awaitable changes of it (no polling in tests).</summary>
public sealed class ResourceNotificationService
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> snapshots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();
    private TaskCompletionSource changed = NewSignal();

    public event Action<ResourceSnapshot>? Changed;

    public IReadOnlyCollection<ResourceSnapshot> Snapshots => snapshots.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();

    public ResourceSnapshot? TryGet(string name) => snapshots.GetValueOrDefault(name);

    public ResourceSnapshot Get(string name) =>
        TryGet(name) ?? throw new ArgumentException($"There is no resource named '{name}'.", nameof(name));

    public void Publish(ResourceSnapshot snapshot)
    {
        snapshots[snapshot.Name] = snapshot;

        // Observers hear of a change before anyone waiting on it is released, so what they see follows cause
        // and effect (a dependent's Starting never shows before the Healthy that let it start).
        Changed?.Invoke(snapshot);
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = changed;
            changed = NewSignal();
        }

        previous.TrySetResult();
    }

    public async Task<ResourceSnapshot> WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = changed.Task;
            }

            if (TryGet(name) is { } current && predicate(current))
            {
                return current;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<ResourceSnapshot> WaitForResourceAsync(string name, string state, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.State == state, cancellationToken);

    public Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.IsHealthy, cancellationToken);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
