using Reference.Observability.Storage;

namespace Reference.Observability.Dashboard.Charts;

/// <summary>
/// One trace as a waterfall: a row per span in tree order (children under their parent, indented), a bar from its
/// start to its end on the trace's time axis, coloured per service, red when the span failed.
/// </summary>
internal static class WaterfallChart
{
    public static string Render(TraceDetail trace, int width = 1100)
    {
        const int label = 360, rowHeight = 22, top = 24;
        var ordered = TreeOrder(trace.Spans);
        var height = top + (ordered.Count * rowHeight) + 8;
        var plot = width - label - 80;
        var total = Math.Max(trace.DurationMs, 0.001);
        var services = trace.Spans.Select(s => s.Service).Distinct().ToList();
        var svg = Svg.Open(width, height, $"Waterfall of trace {trace.TraceId}", "chart waterfall");
        for (var i = 0; i <= 4; i++)
        {
            var x = label + (plot * i / 4.0);
            svg.Append($"<line class=\"grid\" x1=\"{Svg.N(x)}\" x2=\"{Svg.N(x)}\" y1=\"{top - 6}\" y2=\"{height}\"/>")
               .Append($"<text class=\"tick\" x=\"{Svg.N(x)}\" y=\"{top - 10}\" text-anchor=\"middle\">{Html.Encode(Html.Duration(total * i / 4))}</text>");
        }
        for (var row = 0; row < ordered.Count; row++)
        {
            var (span, depth) = ordered[row];
            var y = top + (row * rowHeight);
            var x = label + (plot * (span.Start - trace.Start).TotalMilliseconds / total);
            var w = Math.Max(2, plot * span.DurationMs / total);
            var color = span.Status == "error" ? "#dc2626" : Svg.Palette[services.IndexOf(span.Service) % Svg.Palette.Length];
            svg.Append($"<g class=\"span-row\" data-span-id=\"{span.SpanId}\">")
               .Append($"<text class=\"span-label\" x=\"{4 + (depth * 14)}\" y=\"{y + 15}\">{Html.Encode(Clip($"{span.Service}: {span.Name}", 52 - (depth * 2)))}</text>")
               .Append($"<rect class=\"span-bar\" x=\"{Svg.N(x)}\" y=\"{y + 4}\" width=\"{Svg.N(w)}\" height=\"{rowHeight - 8}\" rx=\"2\" fill=\"{color}\">")
               .Append($"<title>{Html.Encode(span.Service)} {Html.Encode(span.Name)} ({span.Kind}): {Html.Encode(Html.Duration(span.DurationMs))}, {span.Status}</title></rect>")
               .Append($"<text class=\"tick\" x=\"{Svg.N(Math.Min(x + w + 4, width - 76))}\" y=\"{y + 15}\">{Html.Encode(Html.Duration(span.DurationMs))}</text>")
               .Append("</g>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Depth-first from the roots (spans whose parent is absent from the trace), children by start time.</summary>
    internal static List<(SpanView Span, int Depth)> TreeOrder(IReadOnlyList<SpanView> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var children = spans.Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId!).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList());
        var ordered = new List<(SpanView, int)>(spans.Count);
        var visited = new HashSet<string>();
        void Visit(SpanView span, int depth)
        {
            if (!visited.Add(span.SpanId))
            {
                return; // A malformed trace may loop; show each span once.
            }
            ordered.Add((span, depth));
            if (children.TryGetValue(span.SpanId, out var kids))
            {
                foreach (var kid in kids)
                {
                    Visit(kid, Math.Min(depth + 1, 12));
                }
            }
        }
        foreach (var root in spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.Start))
        {
            Visit(root, 0);
        }
        foreach (var span in spans.Where(s => !visited.Contains(s.SpanId)))
        {
            Visit(span, 0);
        }
        return ordered;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..Math.Max(1, length - 1)] + "…";
}
