using System.Globalization;

namespace Reference.Observability.Infrastructure;

// Durations as the conventions write them: "7d", "24h", "30m", "45s", or plain seconds.
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        var unit = text[^1];
        var multiplier = unit switch
        {
            'd' => TimeSpan.FromDays(1),
            'h' => TimeSpan.FromHours(1),
            'm' => TimeSpan.FromMinutes(1),
            's' => TimeSpan.FromSeconds(1),
            _ => TimeSpan.Zero,
        };
        var number = multiplier == TimeSpan.Zero ? text : text[..^1];
        if (multiplier == TimeSpan.Zero)
        {
            multiplier = TimeSpan.FromSeconds(1);
        }
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > 3650 * 86400)
        {
            return false;
        }
        duration = value * multiplier;
        return true;
    }

    public static TimeSpan Parse(string? text, string setting) =>
        TryParse(text, out var duration)
            ? duration
            : throw new InvalidOperationException($"Setting '{setting}' must be a duration such as 24h, 7d, 30m or a number of seconds; it is '{text}'.");

    public static string Format(TimeSpan duration) =>
        duration.TotalDays >= 1 && duration.TotalDays == Math.Floor(duration.TotalDays) ? $"{duration.TotalDays:0}d"
        : duration.TotalHours >= 1 && duration.TotalHours == Math.Floor(duration.TotalHours) ? $"{duration.TotalHours:0}h"
        : duration.TotalMinutes >= 1 && duration.TotalMinutes == Math.Floor(duration.TotalMinutes) ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalSeconds:0.###}s";
}
