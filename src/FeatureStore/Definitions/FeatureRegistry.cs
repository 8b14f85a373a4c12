using System.Collections.Concurrent;

namespace Reference.FeatureStore.Definitions;

// Definitions as the data paths need them, cached so that online reads do not query PostgreSQL. An entry older than
// its lifetime is still answered while one background reload replaces it (stale-while-revalidate), so no request
// waits for PostgreSQL once a name is known, and a reload that fails (PostgreSQL restarting) keeps the last good
// definition and tries again a lifetime later: online reads keep being served from Redis through a database outage.
// Applies on this replica invalidate at once; other replicas see a change within about two cache lifetimes.
public sealed class FeatureRegistry(DefinitionStore store, TimeProvider time, ILogger<FeatureRegistry> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Entry<FeatureView>> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<FeatureServiceDefinition>> _services = new(StringComparer.Ordinal);
    private int _generation;

    // Changes whenever a definition applied on this replica invalidates the cache (see FeatureReferences).
    public int Generation => Volatile.Read(ref _generation);

    public ValueTask<FeatureView?> GetViewAsync(string name, CancellationToken cancellationToken) =>
        GetAsync(_views, name, async ct => await store.GetViewAsync(name, ct) is { } definition ? new FeatureView(definition) : null, cancellationToken);

    public ValueTask<FeatureServiceDefinition?> GetServiceAsync(string name, CancellationToken cancellationToken) =>
        GetAsync(_services, name, ct => store.GetServiceAsync(name, ct), cancellationToken);

    public void InvalidateView(string name)
    {
        _views.TryRemove(name, out _);
        Interlocked.Increment(ref _generation);
    }

    public void InvalidateService(string name)
    {
        _services.TryRemove(name, out _);
        Interlocked.Increment(ref _generation);
    }

    private async ValueTask<T?> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> entries, string name, Func<CancellationToken, Task<T?>> load,
        CancellationToken cancellationToken) where T : class
    {
        var now = time.GetTimestamp();
        if (entries.TryGetValue(name, out var entry))
        {
            if (now >= Volatile.Read(ref entry.Expires) && Interlocked.Exchange(ref entry.Reloading, 1) == 0)
            {
                _ = ReloadAsync(entries, name, entry, load);
            }
            return entry.Value;
        }
        var value = await load(cancellationToken);
        entries[name] = new Entry<T>(value, ExpiryFrom(now));
        return value;
    }

    private async Task ReloadAsync<T>(ConcurrentDictionary<string, Entry<T>> entries, string name, Entry<T> stale, Func<CancellationToken, Task<T?>> load) where T : class
    {
        var generation = Generation;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var value = await load(timeout.Token);
            // An invalidation while loading wins: the next request loads afresh.
            if (generation == Generation)
            {
                entries.TryUpdate(name, new Entry<T>(value, ExpiryFrom(time.GetTimestamp())), stale);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Reloading the definition of {Name} failed; serving the last good one and retrying in {Seconds} s.", name, Lifetime.TotalSeconds);
            Volatile.Write(ref stale.Expires, ExpiryFrom(time.GetTimestamp()));
            Volatile.Write(ref stale.Reloading, 0);
        }
    }

    private long ExpiryFrom(long timestamp) => timestamp + (long)(Lifetime.TotalSeconds * time.TimestampFrequency);

    private sealed class Entry<T>(T? value, long expires) where T : class
    {
        public readonly T? Value = value;
        public long Expires = expires;
        public int Reloading;
    }
}
