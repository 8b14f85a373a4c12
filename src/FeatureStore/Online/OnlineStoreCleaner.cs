using Reference.FeatureStore.Client;
using StackExchange.Redis;

namespace Reference.FeatureStore.Online;

// Removes a deleted view's online keys (fs:<view>:*), so that a view later created with the same name starts empty.
// SCAN-based, in pages, so Redis is never blocked by one large command.
public sealed partial class OnlineStoreCleaner(IConnectionMultiplexer redis, ILogger<OnlineStoreCleaner> logger)
{
    private const int PageSize = 1000;

    public async Task<long> RemoveViewAsync(string view)
    {
        long removed = 0;
        try
        {
            var database = redis.GetDatabase();
            // The primary, as the writer uses it.
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var page = new List<RedisKey>(PageSize);
            foreach (var key in server.Keys(database: database.Database, pattern: OnlineStoreLayout.KeyPrefix + view + ":*", pageSize: PageSize))
            {
                page.Add(key);
                if (page.Count == PageSize)
                {
                    removed += await database.KeyDeleteAsync(page.ToArray()).ConfigureAwait(false);
                    page.Clear();
                }
            }
            if (page.Count > 0)
            {
                removed += await database.KeyDeleteAsync(page.ToArray()).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The definition is gone already; leftover keys expire with the view's TTL or are overwritten.
            LogCleanupFailed(logger, ex, view);
        }
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the online keys of deleted feature view {View}")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string view);
}
