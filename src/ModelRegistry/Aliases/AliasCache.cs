using System.Collections.Concurrent;
using Reference.ModelRegistry.Events;

namespace Reference.ModelRegistry.Aliases;

// Serving resolves aliases far more often than they move, so each replica keeps the serialized answer in memory.
// Any registry notification (alias moved, version edited, any replica) bumps the hub's generation and so retires
// every entry; an answer read from the database is kept only if no notification arrived while it was read, and
// nothing is served from memory while the LISTEN connection is down.
internal sealed class AliasCache(RegistryEventHub hub)
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<(string Model, string? Environment, string Alias), Entry> entries = new();

    public long Generation => hub.Generation;

    public bool TryGet(string model, string? environment, string alias, out byte[] json)
    {
        if (hub.IsListening && entries.TryGetValue((model, environment, alias), out var entry) && entry.Generation == hub.Generation)
        {
            json = entry.Json;
            return true;
        }
        json = [];
        return false;
    }

    public void Store(string model, string? environment, string alias, byte[] json, long generationBeforeRead)
    {
        if (!hub.IsListening || hub.Generation != generationBeforeRead)
        {
            return;
        }
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
        entries[(model, environment, alias)] = new Entry(generationBeforeRead, json);
    }

    private sealed record Entry(long Generation, byte[] Json);
}
