using StackExchange.Redis;

namespace Reference.FeatureStore.Client;

// The result of one pipelined read: for each view read and entity row, the HMGET answer
// ([0] = event time, [1..] = features in the order asked for). Whether a row was found and is within the view's
// TTL is decided once per row, not per value.
public sealed class OnlineFeatureValues
{
    private readonly RedisValue[][][] _answers;
    private readonly OnlineFeatureStatus[][] _rowStatus;

    internal OnlineFeatureValues(IReadOnlyList<OnlineViewRead> reads, RedisValue[][][] answers, DateTime readAtUtc)
    {
        Reads = reads;
        _answers = answers;
        var now = OnlineStoreLayout.ToUnixMicroseconds(readAtUtc);
        _rowStatus = new OnlineFeatureStatus[answers.Length][];
        for (var r = 0; r < answers.Length; r++)
        {
            var maxAge = reads[r].Ttl is { } ttl && ttl > TimeSpan.Zero ? ttl.Ticks / 10 : long.MaxValue;
            var rows = _rowStatus[r] = new OnlineFeatureStatus[answers[r].Length];
            for (var row = 0; row < rows.Length; row++)
            {
                var eventTime = answers[r][row][0];
                rows[row] = eventTime.IsNull ? OnlineFeatureStatus.NotFound
                    : now - (long)eventTime > maxAge ? OnlineFeatureStatus.OutsideMaxAge
                    : OnlineFeatureStatus.Present;
            }
        }
    }

    public IReadOnlyList<OnlineViewRead> Reads { get; }

    public OnlineFeatureStatus GetStatus(int read, int row, int feature)
    {
        var status = _rowStatus[read][row];
        if (status != OnlineFeatureStatus.Present)
        {
            return status;
        }
        var value = _answers[read][row][feature + 1];
        return value.IsNull || IsJsonNull((byte[]?)value) ? OnlineFeatureStatus.NullValue : OnlineFeatureStatus.Present;
    }

    // The value as JSON text (UTF-8) when its status is PRESENT, else null.
    public byte[]? GetPresentValue(int read, int row, int feature)
    {
        if (_rowStatus[read][row] != OnlineFeatureStatus.Present)
        {
            return null;
        }
        var bytes = (byte[]?)_answers[read][row][feature + 1];
        return bytes is null || IsJsonNull(bytes) ? null : bytes;
    }

    // The stored value as JSON text (UTF-8), whatever its status; null when there is none.
    public byte[]? GetJsonValue(int read, int row, int feature) => (byte[]?)_answers[read][row][feature + 1];

    public DateTime? GetEventTimestamp(int read, int row)
    {
        var ts = _answers[read][row][0];
        return ts.IsNull ? null : OnlineStoreLayout.FromUnixMicroseconds((long)ts);
    }

    private static bool IsJsonNull(byte[]? bytes) =>
        bytes is { Length: 4 } && bytes[0] == (byte)'n' && bytes[1] == (byte)'u' && bytes[2] == (byte)'l' && bytes[3] == (byte)'l';
}
