using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using Reference.Hosting.Testing;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.Security;

// After traffic with valid, forged and refused tokens, no secret (the signing key, the PostgreSQL and Redis
// passwords, the bearer tokens sent, any JWT) is found in the AppHost's log files, in the telemetry observability
// stored, in the run state the dashboard is handed, in the dashboard's pages, or on any process's command line
// (which every user of the machine can read).
[Collection(PlatformCollection.Name)]
public sealed class SecretScanTests(PlatformFixture platform)
{
    [Fact]
    public async Task No_secret_reaches_logs_telemetry_the_dashboard_or_command_lines()
    {
        var scanner = new SecretScanner();
        scanner.Add("the signing key", PlatformFixture.SigningKey);
        var state = platform.App.StateDirectory;
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(state, "secrets.json")))!)
        {
            scanner.Add($"secrets.json {name}", value);
        }
        Assert.Contains("secrets.json postgres-password", scanner.Secrets.Keys);
        Assert.Contains("secrets.json online-store-password", scanner.Secrets.Keys);

        var marker = $"sec-scan-{Guid.NewGuid():N}"[..20];
        await SendTrafficAsync(scanner, marker);
        var telemetry = await platform.App.GetConnectionStringAsync("telemetrydb");
        await WaitForSpanAsync(telemetry, marker);

        foreach (var log in Directory.EnumerateFiles(Path.Combine(state, "run", "logs"), "*.log"))
        {
            scanner.Scan($"log {Path.GetFileName(log)}", await ReadSharedAsync(log));
        }
        await ScanTelemetryAsync(scanner, telemetry);
        await ScanDashboardAsync(scanner);
        foreach (var resource in platform.App.Resources)
        {
            foreach (var pid in platform.App.ResourceNotifications.Get(resource.Name).Pids)
            {
                if (File.Exists($"/proc/{pid}/cmdline"))
                {
                    scanner.Scan($"command line of {resource.Name} ({pid})", (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' '));
                }
            }
        }

        Assert.True(scanner.Hits.Count == 0, $"secrets found in {scanner.Hits.Count} places:\n{string.Join('\n', scanner.Hits.Distinct())}");
        Assert.True(scanner.Scanned > 20, $"only {scanner.Scanned} sources were scanned");
    }

    // Valid tokens of two roles, a refused role and forged tokens, to every service, on paths that carry the marker.
    private async Task SendTrafficAsync(SecretScanner scanner, string marker)
    {
        string[] paths = [$"/api/models/{marker}", $"/api/feature-views/{marker}", $"/api/jobs/{marker}", $"/v2/models/{marker}", $"/api/traces/{marker}"];
        var tokens = new Dictionary<string, string>
        {
            ["viewer token"] = platform.Token("viewer", "security-scan", "restricted"),
            ["admin token"] = platform.Token("admin", "security-scan"),
            ["expired token"] = ForgedTokens.All["expired"]!,
            ["token signed with another key"] = ForgedTokens.All["signed with another key"]!,
        };
        foreach (var (name, token) in tokens)
        {
            scanner.Add(name, token);
        }
        for (var i = 0; i < paths.Length; i++)
        {
            using var client = platform.Client(PlatformFixture.Services[i]);
            foreach (var token in tokens.Values)
            {
                using var read = new HttpRequestMessage(HttpMethod.Get, paths[i]) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
                (await client.SendAsync(read)).Dispose();
            }
        }
        // A refused mutation (viewer) and an accepted one whose body names the marker.
        using var registry = platform.Client("model-registry");
        foreach (var token in new[] { tokens["viewer token"], tokens["admin token"] })
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/models")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
                Content = new StringContent(JsonSerializer.Serialize(new { name = marker }), Encoding.UTF8, "application/json"),
            };
            (await registry.SendAsync(create)).Dispose();
        }
    }

    // Export is batched: the scan starts once the spans of the test's own requests are stored.
    private static async Task WaitForSpanAsync(string connectionString, string marker)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(deadline.Token);
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM spans s WHERE strpos(s::text, $1) > 0", connection) { Parameters = { new() { Value = marker } } };
            if ((long)(await command.ExecuteScalarAsync(deadline.Token))! > 0)
            {
                return;
            }
            await Task.Delay(200, deadline.Token);
        }
    }

    // Every row of every table of the telemetry database, as PostgreSQL prints the row.
    private static async Task ScanTelemetryAsync(SecretScanner scanner, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Contains("logs", tables);
        foreach (var table in tables)
        {
            var text = new StringBuilder();
            await using var rows = new NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(reader.GetString(0)).Append('\n');
            }
            scanner.Scan($"telemetrydb table {table}", text.ToString());
        }
    }

    // The run state file the AppHost hands the dashboard (read from the observability process's environment), and
    // the pages that show resources, console logs, logs and traces.
    private async Task ScanDashboardAsync(SecretScanner scanner)
    {
        var pid = platform.App.ResourceNotifications.Get("observability").Pids.First();
        var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0').Where(e => e.Contains('=')).ToDictionary(e => e[..e.IndexOf('=')], e => e[(e.IndexOf('=') + 1)..]);
        var runState = environment["Dashboard__RunStateFile"];
        scanner.Scan($"the dashboard's run state file {Path.GetFileName(runState)}", await ReadSharedAsync(runState));

        using var dashboard = platform.Client("observability");
        dashboard.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.Token("viewer", "security-scan-dashboard"));
        var pages = new List<string> { "/resources", "/logs", "/traces", "/metrics" };
        // A console page for each resource that has a log (processes; parameters and databases have none).
        pages.AddRange(platform.App.Resources.Where(r => File.Exists(Path.Combine(platform.App.StateDirectory, "run", "logs", r.Name + ".log"))).Select(r => $"/resources/{r.Name}/console"));
        foreach (var page in pages)
        {
            using var response = await dashboard.GetAsync(page);
            Assert.True(response.IsSuccessStatusCode, $"dashboard {page}: {(int)response.StatusCode}");
            scanner.Scan($"dashboard page {page}", await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
