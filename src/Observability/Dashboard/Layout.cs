namespace Reference.Observability.Dashboard;

/// <summary>The frame of every page: navigation and the stylesheet, inline so the dashboard needs nothing from the internet.</summary>
internal static class Layout
{
    private static readonly (string Path, string Title)[] Pages =
    [
        ("/resources", "Resources"), ("/traces", "Traces"), ("/logs", "Structured logs"), ("/metrics", "Metrics"),
        ("/models", "Models"), ("/drift", "Drift"), ("/placement", "Placement and cost"),
    ];

    private const string Style = """
        :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #0f172a; background: #f8fafc; }
        body { margin: 0; display: flex; min-height: 100vh; }
        nav { width: 200px; background: #0f172a; color: #e2e8f0; padding: 16px 0; flex-shrink: 0; }
        nav .brand { font-weight: 700; padding: 0 16px 16px; font-size: 15px; }
        nav a { display: block; color: #cbd5e1; text-decoration: none; padding: 8px 16px; font-size: 14px; }
        nav a.active, nav a:hover { background: #1e293b; color: #fff; }
        main { flex: 1; padding: 20px 28px; min-width: 0; }
        h1 { font-size: 22px; margin: 0 0 16px; } h2 { font-size: 17px; margin: 24px 0 8px; }
        table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
        th { background: #f1f5f9; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        form.filters { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 14px; align-items: end; }
        form.filters label { font-size: 12px; color: #475569; display: flex; flex-direction: column; gap: 2px; }
        input, select, button { font: inherit; font-size: 13px; padding: 5px 8px; border: 1px solid #cbd5e1; border-radius: 4px; }
        button { background: #2563eb; color: #fff; border-color: #2563eb; cursor: pointer; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e2e8f0; }
        .ok, .healthy, .running { background: #dcfce7; color: #166534; } .error, .unhealthy, .drifted, .failed, .exited, .failedtostart { background: #fee2e2; color: #991b1b; }
        .warn, .pending, .starting, .waiting { background: #fef3c7; color: #92400e; }
        .card { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 12px 16px; margin-bottom: 14px; }
        .grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 12px; }
        .muted { color: #64748b; font-size: 13px; } pre { white-space: pre-wrap; font-size: 12px; background: #0f172a; color: #e2e8f0; padding: 10px; border-radius: 4px; max-height: 480px; overflow: auto; }
        svg.chart { background: #fff; font-size: 11px; } svg .grid { stroke: #e2e8f0; } svg .axis { stroke: #94a3b8; } svg .tick, svg .unit, svg .legend { fill: #475569; }
        svg .span-label { fill: #0f172a; font-size: 12px; } svg .empty { fill: #94a3b8; font-size: 14px; }
        .bar-cell { width: 160px; } .duration-bar { height: 8px; background: #93c5fd; border-radius: 2px; }
        a { color: #1d4ed8; } .picker { columns: 2; font-size: 13px; } .picker a { display: block; }
        """;

    public static IResult Page(string activePath, string title, Html body, int statusCode = StatusCodes.Status200OK)
    {
        var page = new Html()
            .Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title).Raw(" · Reference platform</title><style>").Raw(Style).Raw("</style></head><body><nav><div class=\"brand\">Reference platform</div>");
        foreach (var (path, name) in Pages)
        {
            page.Raw($"<a href=\"{path}\"{(path == activePath ? " class=\"active\"" : "")}>").Text(name).Raw("</a>");
        }
        page.Raw("<a href=\"/logout\">Log out</a></nav><main><h1>").Text(title).Raw("</h1>").Raw(body.ToString()).Raw("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
    }

    public static string Badge(string text) => $"<span class=\"badge {Html.Encode(text.ToLowerInvariant())}\">{Html.Encode(text)}</span>";
}
