using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reference.Bench;

/// <summary>bench/README.md: the latest result of every scenario as one table, with the machine it ran on.</summary>
public static class ResultsReport
{
    public static string Write(string repositoryRoot)
    {
        var results = Path.Combine(repositoryRoot, "bench", "results");
        var text = new StringBuilder()
            .AppendLine("# Benchmarks")
            .AppendLine()
            .AppendLine("Each scenario measures the platform and a baseline in the same run and reports the ratio (project / baseline;")
            .AppendLine("lower is better for times). Run one with `dotnet run -c Release --project bench -- <scenario>`, all with `all`,")
            .AppendLine("list them with `list`; `report` rewrites this file from `bench/results/*.json`.")
            .AppendLine()
            .AppendLine("Latency percentiles come from open-loop load (bench/OpenLoop.cs): requests are released at a fixed rate whatever")
            .AppendLine("the answers do, and each is timed from its release. Results taken before 2026-11-22 04:00 UTC timed from the")
            .AppendLine("scheduled instant and so include the load driver's own lateness (timer granularity ~4 ms here: +2 ms at p50,")
            .AppendLine("+4.4 ms at p99 on both sides); the load average at the time is in each result's notes where it mattered.")
            .AppendLine()
            .AppendLine("HTTP floors run in a process of their own (bench/BareServerProcess.cs, slim host), as each service does; results")
            .AppendLine("taken before 2026-11-22 06:00 UTC hosted them inside the bench's process, which favoured the floor. The in-process")
            .AppendLine("figure is kept in each result's details (inProcessBaseline*). `request-overhead` splits a service's per-request")
            .AppendLine("time into ServiceDefaults' pieces and runtime settings, measuring every variant in alternating short windows.")
            .AppendLine()
            .AppendLine("| scenario | metric | project | baseline | ratio | ran at | machine |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        IEnumerable<string> files = Directory.Exists(results) ? Directory.GetFiles(results, "*.json").Order(StringComparer.Ordinal) : [];
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            var machine = root.GetProperty("machine");
            var machineText = $"{machine.GetProperty("processorCount").GetInt32()} cores, .NET {machine.GetProperty("runtime").GetString()}";
            var ranAt = root.GetProperty("ranAt").GetDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            foreach (var r in root.GetProperty("results").EnumerateArray())
            {
                var unit = r.GetProperty("unit").GetString();
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {root.GetProperty("scenario").GetString()} | {r.GetProperty("metric").GetString()} | {Number(r, "project")} {unit} ({r.GetProperty("projectLabel").GetString()}) | {Number(r, "baseline")} {unit} ({r.GetProperty("baselineLabel").GetString()}) | {Number(r, "ratio")} | {ranAt} | {machineText} |");
            }
        }

        var path = Path.Combine(repositoryRoot, "bench", "README.md");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture)
            : "n/a";
}
