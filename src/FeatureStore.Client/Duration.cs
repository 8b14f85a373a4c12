using System.Globalization;

namespace Reference.FeatureStore.Client;

// Durations as the platform writes them: 7d, 24h, 30m, 45s or plain seconds.
public static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = char.IsAsciiLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        long? seconds = unit switch
        {
            'd' => amount * 86400,
            'h' => amount * 3600,
            'm' => amount * 60,
            's' => amount,
            _ => null,
        };
        if (seconds is not { } s || s > 100L * 365 * 86400)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(s);
        return true;
    }

    public static string Format(TimeSpan value)
    {
        var seconds = (long)value.TotalSeconds;
        return seconds switch
        {
            0 => "0s",
            _ when seconds % 86400 == 0 => $"{seconds / 86400}d",
            _ when seconds % 3600 == 0 => $"{seconds / 3600}h",
            _ when seconds % 60 == 0 => $"{seconds / 60}m",
            _ => $"{seconds}s",
        };
    }
}
