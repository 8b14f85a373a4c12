using System.Globalization;
using System.Text;

namespace Reference.Observability.Dashboard.Charts;

// Shared pieces of the server-drawn charts: number formatting for SVG attributes and the series palette.
internal static class Svg
{
    public static readonly string[] Palette = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569", "#ea580c"];

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Axis(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude == 0 ? "0"
            : magnitude >= 1e9 ? (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G"
            : magnitude >= 1e6 ? (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M"
            : magnitude >= 1e3 ? (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k"
            : magnitude >= 1 ? value.ToString("0.##", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>"Nice" tick values (1, 2, 5 × 10ⁿ) covering [min, max].</summary>
    public static double[] Ticks(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            return [min];
        }
        var raw = (max - min) / count;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / power;
        var step = power * (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }
        return [.. ticks];
    }

    public static StringBuilder Open(int width, int height, string label, string cssClass) =>
        new StringBuilder()
            .Append($"<svg class=\"{cssClass}\" role=\"img\" aria-label=\"{Html.Encode(label)}\" viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append($"<title>{Html.Encode(label)}</title>");
}
