using StackExchange.Redis;

namespace Reference.FeatureStore.Client;

// Reads online features straight from Redis: one pipelined batch of HMGETs (one per view and entity row),
// one round trip per request, whatever the number of rows and views.
public sealed class OnlineFeatureReader(IConnectionMultiplexer redis, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<OnlineFeatureValues> ReadAsync(IReadOnlyList<OnlineViewRead> reads)
    {
        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var pending = new Task<RedisValue[]>[reads.Count][];
        for (var r = 0; r < reads.Count; r++)
        {
            var read = reads[r];
            var fields = new RedisValue[read.Features.Count + 1];
            fields[0] = OnlineStoreLayout.EventTimestampField;
            for (var f = 0; f < read.Features.Count; f++)
            {
                fields[f + 1] = read.Features[f];
            }

            var rows = pending[r] = new Task<RedisValue[]>[read.EntityKeys.Count];
            for (var row = 0; row < rows.Length; row++)
            {
                rows[row] = batch.HashGetAsync(read.EntityKeys[row], fields);
            }
        }

        batch.Execute();
        var answers = new RedisValue[reads.Count][][];
        for (var r = 0; r < pending.Length; r++)
        {
            var rows = answers[r] = new RedisValue[pending[r].Length][];
            for (var row = 0; row < rows.Length; row++)
            {
                rows[row] = await pending[r][row].ConfigureAwait(false);
            }
        }

        return new OnlineFeatureValues(reads, answers, _time.GetUtcNow().UtcDateTime);
    }
}
