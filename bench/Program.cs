using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Reference.Bench;

var scenarios = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchScenario)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToArray();

if (args is [BareServerProcess.Command, var kind, ..])
{
    return await BareServerProcess.ServeAsync(kind, args[2..]);
}

var quick = args.Contains("--quick");
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).FirstOrDefault() ?? "list";
if (selected == "list")
{
    Console.WriteLine("Scenarios (dotnet run -c Release --project bench -- <name>|all [--quick]; 'report' rewrites bench/README.md from bench/results):");
    foreach (var s in scenarios)
    {
        Console.WriteLine($"  {s.Name,-24} {s.Description}");
    }

    return 0;
}

if (selected == "report")
{
    var readme = ResultsReport.Write(FindRepositoryRoot());
    Console.WriteLine($"written {readme}");
    return 0;
}

var toRun = selected == "all" ? scenarios : scenarios.Where(s => s.Name == selected).ToArray();
if (toRun.Length == 0)
{
    Console.Error.WriteLine($"Unknown scenario '{selected}'. Run with 'list' to see them.");
    return 2;
}

var root = FindRepositoryRoot();
var context = new BenchContext(root, quick);
var resultsDirectory = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(resultsDirectory);
foreach (var scenario in toRun)
{
    Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
    var results = await scenario.RunAsync(context, CancellationToken.None);
    Console.WriteLine($"{"metric",-40} {"project",14} {"baseline",14} {"ratio",8}");
    foreach (var r in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Metric,-40} {r.Project,10:0.###} {r.Unit,-3} {r.Baseline,10:0.###} {r.Unit,-3} {r.Ratio,8:0.00}"));
        Console.WriteLine($"{string.Empty,-40} ({r.ProjectLabel} vs {r.BaselineLabel})");
    }

    var file = Path.Combine(resultsDirectory, scenario.Name + ".json");
    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
    {
        scenario = scenario.Name,
        scenario.Description,
        ranAt = DateTimeOffset.UtcNow,
        machine = new { Environment.ProcessorCount, os = Environment.OSVersion.VersionString, runtime = Environment.Version.ToString() },
        quick,
        results = results.Select(r => new { r.Metric, r.Unit, r.Project, r.Baseline, r.Ratio, r.ProjectLabel, r.BaselineLabel, r.Details }),
    }, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    }));
    Console.WriteLine($"written {Path.GetRelativePath(root, file)}");
}

return 0;

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Reference.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
