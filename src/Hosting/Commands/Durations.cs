using System.Globalization;

namespace Reference.Hosting.Commands;

/// <summary>Durations as the platform writes them everywhere: 7d, 24h, 30m, 45s, or plain seconds.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string field)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new DistributedApplicationException($"{field}: '{text}' is not a duration; write it like 7d, 24h, 30m, 45s or a number of seconds.");
    }

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
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0 || double.IsInfinity(amount))
        {
            return false;
        }

        double? seconds = unit switch
        {
            'd' => amount * 86400,
            'h' => amount * 3600,
            'm' => amount * 60,
            's' => amount,
            _ => null,
        };
        if (seconds is null || seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds.Value);
        return true;
    }
}
