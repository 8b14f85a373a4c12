namespace Reference.Observability.Dashboard.Charts;

/// <summary>Training against live shares per bin, as paired bars: the picture behind a feature's drift score.</summary>
internal static class DistributionChart
{
    public static string Render(string title, IReadOnlyList<string> bins, IReadOnlyList<double> reference, IReadOnlyList<double> live, int width = 520, int height = 240)
    {
        const int left = 44, right = 8, top = 22, bottom = 64;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var max = Math.Max(0.01, Math.Max(reference.DefaultIfEmpty(0).Max(), live.DefaultIfEmpty(0).Max()));
        var slot = plotWidth / (double)Math.Max(1, bins.Count);
        var bar = Math.Max(1, (slot - 6) / 2);
        var svg = Svg.Open(width, height, title, "chart distribution");
        foreach (var tick in Svg.Ticks(0, max, 4))
        {
            var y = top + plotHeight - (plotHeight * tick / max);
            svg.Append($"<line class=\"grid\" x1=\"{left}\" x2=\"{left + plotWidth}\" y1=\"{Svg.N(y)}\" y2=\"{Svg.N(y)}\"/>")
               .Append($"<text class=\"tick\" x=\"{left - 4}\" y=\"{Svg.N(y + 4)}\" text-anchor=\"end\">{Svg.N(tick * 100)}%</text>");
        }
        for (var b = 0; b < bins.Count; b++)
        {
            var x = left + (b * slot) + 3;
            var hr = plotHeight * reference[b] / max;
            var hl = plotHeight * live[b] / max;
            svg.Append($"<rect class=\"bar reference\" x=\"{Svg.N(x)}\" y=\"{Svg.N(top + plotHeight - hr)}\" width=\"{Svg.N(bar)}\" height=\"{Svg.N(hr)}\" fill=\"#94a3b8\"><title>training {Html.Encode(bins[b])}: {Svg.N(reference[b] * 100)}%</title></rect>")
               .Append($"<rect class=\"bar live\" x=\"{Svg.N(x + bar)}\" y=\"{Svg.N(top + plotHeight - hl)}\" width=\"{Svg.N(bar)}\" height=\"{Svg.N(hl)}\" fill=\"#2563eb\"><title>live {Html.Encode(bins[b])}: {Svg.N(live[b] * 100)}%</title></rect>")
               .Append($"<text class=\"tick bin\" x=\"{Svg.N(x + bar)}\" y=\"{top + plotHeight + 12}\" text-anchor=\"end\" transform=\"rotate(-35 {Svg.N(x + bar)} {top + plotHeight + 12})\">{Html.Encode(bins[b].Length > 12 ? bins[b][..11] + "…" : bins[b])}</text>");
        }
        svg.Append($"<rect x=\"{left}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#94a3b8\"/><text class=\"legend\" x=\"{left + 14}\" y=\"13\">training</text>")
           .Append($"<rect x=\"{left + 80}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#2563eb\"/><text class=\"legend\" x=\"{left + 94}\" y=\"13\">live</text>");
        return svg.Append("</svg>").ToString();
    }
}
