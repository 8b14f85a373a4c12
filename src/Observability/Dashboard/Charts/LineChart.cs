using System.Text;

namespace Reference.Observability.Dashboard.Charts;

/// <summary>One line of a <see cref="LineChart"/>.</summary>
internal sealed record ChartLine(string Label, IReadOnlyList<(DateTimeOffset Time, double Value)> Points);

/// <summary>A time-series chart drawn on the server as SVG: axes with nice ticks, one coloured line (and dots) per series, a legend.</summary>
internal static class LineChart
{
    public static string Render(string title, string unit, IReadOnlyList<ChartLine> lines, int width = 900, int height = 300)
    {
        const int left = 64, right = 16, top = 16, bottom = 40;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var points = lines.SelectMany(l => l.Points).Where(p => double.IsFinite(p.Value)).ToList();
        var svg = Svg.Open(width, height + (lines.Count * 18), title, "chart line-chart");
        if (points.Count == 0)
        {
            svg.Append($"<text x=\"{width / 2}\" y=\"{height / 2}\" text-anchor=\"middle\" class=\"empty\">No data points in this window</text></svg>");
            return svg.ToString();
        }
        var minTime = points.Min(p => p.Time);
        var maxTime = points.Max(p => p.Time);
        if (maxTime == minTime)
        {
            minTime -= TimeSpan.FromMinutes(1);
            maxTime += TimeSpan.FromMinutes(1);
        }
        var minValue = Math.Min(0, points.Min(p => p.Value));
        var maxValue = points.Max(p => p.Value);
        if (maxValue <= minValue)
        {
            maxValue = minValue + 1;
        }
        double X(DateTimeOffset t) => left + (plotWidth * (t - minTime).TotalMilliseconds / (maxTime - minTime).TotalMilliseconds);
        double Y(double v) => top + plotHeight - (plotHeight * (v - minValue) / (maxValue - minValue));

        foreach (var tick in Svg.Ticks(minValue, maxValue))
        {
            svg.Append($"<line class=\"grid\" x1=\"{left}\" x2=\"{left + plotWidth}\" y1=\"{Svg.N(Y(tick))}\" y2=\"{Svg.N(Y(tick))}\"/>")
               .Append($"<text class=\"tick\" x=\"{left - 6}\" y=\"{Svg.N(Y(tick) + 4)}\" text-anchor=\"end\">{Svg.Axis(tick)}</text>");
        }
        for (var i = 0; i <= 4; i++)
        {
            var t = minTime + ((maxTime - minTime) * i / 4);
            svg.Append($"<text class=\"tick\" x=\"{Svg.N(X(t))}\" y=\"{top + plotHeight + 18}\" text-anchor=\"middle\">{t.UtcDateTime:HH:mm:ss}</text>");
        }
        svg.Append($"<line class=\"axis\" x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{top + plotHeight}\"/>")
           .Append($"<line class=\"axis\" x1=\"{left}\" x2=\"{left + plotWidth}\" y1=\"{top + plotHeight}\" y2=\"{top + plotHeight}\"/>")
           .Append($"<text class=\"unit\" x=\"4\" y=\"{top + 4}\">{Html.Encode(unit)}</text>");

        for (var s = 0; s < lines.Count; s++)
        {
            var color = Svg.Palette[s % Svg.Palette.Length];
            var series = lines[s].Points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Time).ToList();
            if (series.Count == 0)
            {
                continue;
            }
            var path = new StringBuilder();
            foreach (var (time, value) in series)
            {
                path.Append(path.Length == 0 ? 'M' : 'L').Append(Svg.N(X(time))).Append(',').Append(Svg.N(Y(value))).Append(' ');
            }
            svg.Append($"<path class=\"series\" data-series=\"{s}\" d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
            foreach (var (time, value) in series)
            {
                svg.Append($"<circle cx=\"{Svg.N(X(time))}\" cy=\"{Svg.N(Y(value))}\" r=\"2.5\" fill=\"{color}\"><title>{Html.Encode(lines[s].Label)}: {Svg.Axis(value)} at {time.UtcDateTime:HH:mm:ss}Z</title></circle>");
            }
            svg.Append($"<rect x=\"{left}\" y=\"{height + (s * 18) - 4}\" width=\"12\" height=\"12\" fill=\"{color}\"/>")
               .Append($"<text class=\"legend\" x=\"{left + 18}\" y=\"{height + (s * 18) + 6}\">{Html.Encode(lines[s].Label)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
