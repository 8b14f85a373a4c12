using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>Each resource's state and endpoints: from the AppHost's run state locally, from health probes when deployed.</summary>
internal static partial class ResourcesPage
{
    private const int ConsoleLines = 300;

    public static async Task<IResult> RenderAsync(IOptions<DashboardOptions> options, IHttpClientFactory httpClients, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = new Html();
        if (settings.RunStateFile is { } path && File.Exists(path))
        {
            var (resources, writtenAt) = await RunState.ReadAsync(path, cancellationToken);
            body.Raw("<p class=\"muted\">From the AppHost's run state").Raw(writtenAt is { } at ? $", updated {Html.Time(at)}" : "").Raw(".</p>");
            body.Raw("<table><thead><tr><th>Resource</th><th>Type</th><th>State</th><th>Endpoints</th><th>Processes</th><th>Console</th></tr></thead><tbody>");
            foreach (var resource in resources.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                body.Raw("<tr data-resource=\"").Text(resource.Name).Raw("\"><td>").Text(resource.Name).Raw("</td><td>").Text(resource.Type)
                    .Raw("</td><td>").Raw(Layout.Badge(resource.State)).Raw("</td><td>");
                foreach (var url in resource.Urls)
                {
                    body.Raw("<a href=\"").Text(url).Raw("\">").Text(url).Raw("</a><br>");
                }
                body.Raw("</td><td>").Text(string.Join(", ", resource.Pids)).Raw("</td><td>");
                if (settings.LogsDirectory is { } logs && File.Exists(Path.Combine(logs, resource.Name + ".log")))
                {
                    body.Raw($"<a href=\"/resources/{Html.Url(resource.Name)}/console\">console log</a>");
                }
                body.Raw("</td></tr>");
            }
            body.Raw("</tbody></table>");
        }
        else if (settings.Endpoints.Count > 0)
        {
            body.Raw("<p class=\"muted\">Deployed: each configured endpoint's /health, probed now.</p><table><thead><tr><th>Resource</th><th>Endpoint</th><th>Health</th></tr></thead><tbody>");
            var client = httpClients.CreateClient("health-probes");
            client.Timeout = TimeSpan.FromSeconds(3);
            var probes = settings.Endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).Select(async e =>
            {
                try
                {
                    using var response = await client.GetAsync(e.Value.TrimEnd('/') + "/health", cancellationToken);
                    return (e.Key, e.Value, response.IsSuccessStatusCode ? "Healthy" : $"Unhealthy ({(int)response.StatusCode})");
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return (e.Key, e.Value, "Unreachable");
                }
            });
            foreach (var (name, url, state) in await Task.WhenAll(probes))
            {
                body.Raw("<tr><td>").Text(name).Raw("</td><td>").Text(url).Raw("</td><td>").Raw(Layout.Badge(state.Split(' ')[0])).Raw(" ").Text(state).Raw("</td></tr>");
            }
            body.Raw("</tbody></table>");
        }
        else
        {
            body.Raw("<p>No run state: set <code>Dashboard:RunStateFile</code> (the AppHost does) or list deployed endpoints under <code>Dashboard:Endpoints</code>.</p>");
        }
        return Layout.Page("/resources", "Resources", body);
    }

    public static async Task<IResult> ConsoleAsync(string name, IOptions<DashboardOptions> options, CancellationToken cancellationToken)
    {
        // Resource names are letters, digits and hyphens: nothing that could leave the logs folder.
        if (!ResourceName().IsMatch(name) || options.Value.LogsDirectory is not { } logs || !File.Exists(Path.Combine(logs, name + ".log")))
        {
            return Layout.Page("/resources", "Console log", new Html().Raw("<p>No console log for ").Text(name).Raw(".</p>"), StatusCodes.Status404NotFound);
        }
        var lines = new Queue<string>(ConsoleLines);
        await using (var stream = new FileStream(Path.Combine(logs, name + ".log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (lines.Count == ConsoleLines)
                {
                    lines.Dequeue();
                }
                lines.Enqueue(line);
            }
        }
        var body = new Html().Raw($"<p class=\"muted\">The last {ConsoleLines} lines.</p><pre>").Text(string.Join('\n', lines)).Raw("</pre>");
        return Layout.Page("/resources", $"Console log: {name}", body);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,63}$")]
    private static partial Regex ResourceName();
}
