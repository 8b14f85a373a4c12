using System.Globalization;

namespace Reference.TrainingRunner.Infrastructure;

// Durations as the conventions write them: 7d, 24h, 30m, 45s, or a number of seconds.
public static class DurationText
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
        var scale = unit switch { 'd' => 86400.0, 'h' => 3600.0, 'm' => 60.0, 's' => 1.0, _ => 0 };
        var number = scale == 0 ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(value * (scale == 0 ? 1 : scale));
        return true;
    }
}
