using System.Collections.Concurrent;
using Reference.ModelRegistry.Events;

namespace Reference.ModelRegistry.Models;

// GET /api/models/{name} is read far more often than models change (clients poll it, dashboards list it), and one
// PostgreSQL round trip per read cannot keep up with 1,000 requests/s on small machines. Each replica keeps the
// serialized answer, like the AliasCache: every notification on registry_events (a trigger sends one for any change
// to a model row or its aliases, from any replica) and every local commit bump the hub's generation and so retire
// every entry; an answer read from the database is kept only if nothing changed while it was read; nothing is served
// from memory while the LISTEN connection is down.
internal sealed class ModelCache(RegistryEventHub hub)
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public long Generation => hub.Generation;

    public bool TryGet(string name, out byte[] json)
    {
        if (hub.IsListening && entries.TryGetValue(name, out var entry) && entry.Generation == hub.Generation)
        {
            json = entry.Json;
            return true;
        }
        json = [];
        return false;
    }

    public void Store(string name, byte[] json, long generationBeforeRead)
    {
        if (!hub.IsListening || hub.Generation != generationBeforeRead)
        {
            return;
        }
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
        entries[name] = new Entry(generationBeforeRead, json);
    }

    private sealed record Entry(long Generation, byte[] Json);
}
