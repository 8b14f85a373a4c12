using System.Collections.Concurrent;

namespace Reference.FeatureStore.Definitions;

// Definitions as the data paths need them, cached briefly so that online reads do not query PostgreSQL.
// Applies on this replica invalidate at once; other replicas see a change within the cache lifetime.
public sealed class FeatureRegistry(DefinitionStore store, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Cached<FeatureView>> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<FeatureServiceDefinition>> _services = new(StringComparer.Ordinal);

    public async ValueTask<FeatureView?> GetViewAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_views.TryGetValue(name, out var cached) && now < cached.Expires)
        {
            return cached.Value;
        }
        var definition = await store.GetViewAsync(name, cancellationToken);
        var view = definition is null ? null : new FeatureView(definition);
        _views[name] = new Cached<FeatureView>(view, now + (long)(Lifetime.TotalSeconds * TimeProvider.System.TimestampFrequency));
        return view;
    }

    public async ValueTask<FeatureServiceDefinition?> GetServiceAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_services.TryGetValue(name, out var cached) && now < cached.Expires)
        {
            return cached.Value;
        }
        var service = await store.GetServiceAsync(name, cancellationToken);
        _services[name] = new Cached<FeatureServiceDefinition>(service, now + (long)(Lifetime.TotalSeconds * TimeProvider.System.TimestampFrequency));
        return service;
    }

    private int _generation;

    // Changes whenever a definition applied on this replica invalidates the cache (see FeatureReferences).
    public int Generation => Volatile.Read(ref _generation);

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

    private sealed record Cached<T>(T? Value, long Expires) where T : class;
}
