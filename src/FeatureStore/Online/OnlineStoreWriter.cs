using Reference.FeatureStore.Client;
using StackExchange.Redis;

namespace Reference.FeatureStore.Online;

// One entity's newest row of a view, ready for Redis: values are JSON literals in the view's feature order.
public sealed record OnlineRow(string Key, long EventMicroseconds, long CreatedMicroseconds, byte[][] Values);

// Writes rows into the online layout, newest wins: a Lua script compares the stored (event, created) time with the
// incoming one on the server, so a stale row never overwrites a newer one whatever order writers run in.
// Writes are pipelined in batches; the key's TTL is the view's TTL.
public sealed class OnlineStoreWriter(IConnectionMultiplexer redis)
{
    // Up to RowsPerCall keys per call: ARGV = [feature count, ttl ms, feature names…, then per key: ts, ct, values…].
    private const string NewestWins = """
        local n = tonumber(ARGV[1])
        local ttl = tonumber(ARGV[2])
        local written = 0
        for i, key in ipairs(KEYS) do
          local at = 3 + n + (i - 1) * (n + 2)
          local incoming = tonumber(ARGV[at])
          local current = redis.call('HMGET', key, '_ts', '_ct')
          local stale = false
          if current[1] then
            local ts = tonumber(current[1])
            stale = ts > incoming or (ts == incoming and tonumber(current[2]) > tonumber(ARGV[at + 1]))
          end
          if not stale then
            local fields = {'_ts', ARGV[at], '_ct', ARGV[at + 1]}
            for f = 1, n do
              fields[3 + 2 * f] = ARGV[2 + f]
              fields[4 + 2 * f] = ARGV[at + 1 + f]
            end
            redis.call('HSET', key, unpack(fields))
            if ttl > 0 then
              redis.call('PEXPIRE', key, ttl)
            end
            written = written + 1
          end
        end
        return written
        """;

    // Many keys per script call: the per-call cost of EVALSHA dominates a script this small.
    private const int RowsPerCall = 64;

    private volatile byte[]? _scriptHash;

    // Writes one batch in one pipeline; returns how many rows were newer than what Redis held.
    public async Task<int> WriteAsync(IReadOnlyList<string> features, TimeSpan? ttl, IReadOnlyList<OnlineRow> rows)
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        try
        {
            return await WriteBatchAsync(features, ttl, rows, _scriptHash ??= await LoadScriptAsync().ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (RedisServerException noScript) when (noScript.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // Redis restarted and forgot the script: load it again and replay the batch (newest-wins makes that safe).
            _scriptHash = await LoadScriptAsync().ConfigureAwait(false);
            return await WriteBatchAsync(features, ttl, rows, _scriptHash).ConfigureAwait(false);
        }
    }

    // EVALSHA: the script body is sent once, not with every row.
    private async Task<byte[]> LoadScriptAsync()
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        return await server.ScriptLoadAsync(NewestWins).ConfigureAwait(false);
    }

    private async Task<int> WriteBatchAsync(IReadOnlyList<string> features, TimeSpan? ttl, IReadOnlyList<OnlineRow> rows, byte[] scriptHash)
    {
        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var calls = (rows.Count + RowsPerCall - 1) / RowsPerCall;
        var pending = new Task<RedisResult>[calls];
        var ttlMilliseconds = ttl is { } t ? (long)t.TotalMilliseconds : 0;
        var n = features.Count;
        for (var call = 0; call < calls; call++)
        {
            var first = call * RowsPerCall;
            var count = Math.Min(RowsPerCall, rows.Count - first);
            var keys = new RedisKey[count];
            var args = new RedisValue[2 + n + (count * (n + 2))];
            args[0] = n;
            args[1] = ttlMilliseconds;
            for (var f = 0; f < n; f++)
            {
                args[2 + f] = features[f];
            }
            var at = 2 + n;
            for (var i = 0; i < count; i++)
            {
                var row = rows[first + i];
                keys[i] = row.Key;
                args[at++] = row.EventMicroseconds;
                args[at++] = row.CreatedMicroseconds;
                for (var f = 0; f < n; f++)
                {
                    args[at++] = row.Values[f];
                }
            }
            pending[call] = batch.ScriptEvaluateAsync(scriptHash, keys, args);
        }
        batch.Execute();
        var written = 0;
        foreach (var task in pending)
        {
            written += (int)await task.ConfigureAwait(false);
        }
        return written;
    }

    public static long Microseconds(DateTime utc) =>
        utc == DateTime.MinValue ? long.MinValue / 2 : OnlineStoreLayout.ToUnixMicroseconds(utc);
}
