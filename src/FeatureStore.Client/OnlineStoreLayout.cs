using System.Text;

namespace Reference.FeatureStore.Client;

// The Redis layout that materialization writes and readers read: one hash per (view, entity key),
// fields "_ts"/"_ct" (event and created time, Unix microseconds) and one field per feature holding the
// value as a JSON literal, so readers copy it into responses without parsing.
public static class OnlineStoreLayout
{
    public const string KeyPrefix = "fs:";
    public const string EventTimestampField = "_ts";
    public const string CreatedTimestampField = "_ct";

    // Unit separator between the values of a composite join key: it cannot appear in a sensible key value.
    public const char JoinKeySeparator = '\u001f';

    public static string Key(string view, string joinKeyValue) => string.Concat(KeyPrefix, view, ":", joinKeyValue);

    public static string Key(string view, IReadOnlyList<string> joinKeyValues)
    {
        if (joinKeyValues.Count == 1)
        {
            return Key(view, joinKeyValues[0]);
        }

        var builder = new StringBuilder(KeyPrefix.Length + view.Length + 1 + (joinKeyValues.Count * 12));
        builder.Append(KeyPrefix).Append(view).Append(':');
        for (var i = 0; i < joinKeyValues.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(JoinKeySeparator);
            }
            builder.Append(joinKeyValues[i]);
        }
        return builder.ToString();
    }

    public static long ToUnixMicroseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTime FromUnixMicroseconds(long microseconds) => new(DateTime.UnixEpoch.Ticks + (microseconds * 10), DateTimeKind.Utc);
}
