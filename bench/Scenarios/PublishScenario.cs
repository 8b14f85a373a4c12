using System.Diagnostics;
using System.Reflection;
using Reference.Hosting.Publishing;
using Reference.Hosting.Testing;
using Reference.Placement;

namespace Reference.Bench.Scenarios;

/// <summary>
/// The sample's publish as a user runs it (the built AppHost with `publish --output`, until it exits) against the
/// placement solve alone on the same AppHost model and deploy/ inputs, measured in-process in the same run: what the
/// rest of publish (process start, model, inputs, manifests, writing files) costs on top of the solve.
/// </summary>
public sealed class PublishScenario : IBenchScenario
{
    public string Name => "publish";

    public string Description => "sample publish wall time (built AppHost, publish --output) vs the placement solve alone on the same model";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var runs = context.Quick ? 1 : 3;
        var appHostAssembly = Assembly.Load(typeof(IBenchScenario).Assembly.GetName().Name!.Replace(".Bench", ".AppHost", StringComparison.Ordinal));
        var output = Path.Combine(Path.GetTempPath(), "reference-bench-publish");

        var publish = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            publish.Add(await PublishWallTimeAsync(appHostAssembly.Location, context.RepositoryRoot, Path.Combine(output, $"run-{i}"), cancellationToken));
            context.Progress($"publish run {i + 1}/{runs}: {publish[^1]:0.00} s");
        }

        // The AppHost's own model, as publish builds it (Program is the AppHost's entry point, found by reflection
        // because this bench has a Program of its own).
        var create = typeof(DistributedApplicationTestingBuilder).GetMethod(nameof(DistributedApplicationTestingBuilder.CreateAsync))!
            .MakeGenericMethod(appHostAssembly.GetType("Program", throwOnError: true)!);
        var builderTask = (Task)create.Invoke(null, [new[] { "publish" }, cancellationToken])!;
        await builderTask;
        var builder = (TestingBuilder)builderTask.GetType().GetProperty("Result")!.GetValue(builderTask)!;
        var problem = PlacementPublisher.Problem([.. builder.Resources], new PublishRequest
        {
            OutputDirectory = Path.Combine(output, "in-process"),
            DeployDirectory = Path.Combine(context.RepositoryRoot, "deploy"),
            UseCasesDirectory = Path.Combine(context.RepositoryRoot, "src", "UseCases"),
        });

        // As in publish: a fresh solve with the greedy comparison. The first call pays JIT as the publish process does.
        var solve = new List<double>();
        for (var i = 0; i < runs + 1; i++)
        {
            var clock = Stopwatch.StartNew();
            var plan = PlacementEngine.Solve(problem, new PlacementOptions { CompareWithGreedy = true });
            solve.Add(clock.Elapsed.TotalSeconds);
            context.Progress($"solve {i + 1}/{runs + 1}: {solve[^1] * 1000:0} ms, {plan.Workloads.Count} workloads, proved optimal: {plan.ProvedOptimal}");
        }

        Directory.Delete(output, recursive: true);
        // The testing builder's throw-away state folder (nothing was started in it).
        if (builder.StateDirectory.StartsWith(Path.GetTempPath(), StringComparison.Ordinal) && Directory.Exists(builder.StateDirectory))
        {
            Directory.Delete(builder.StateDirectory, recursive: true);
        }

        return
        [
            new BenchResult("sample publish wall time (median)", "s", Statistics.Median(publish), solve[0], "dotnet Reference.AppHost.dll publish", "placement solve alone, first call")
            {
                Details = new Dictionary<string, double>
                {
                    ["solveWarmMedianSeconds"] = Statistics.Median(solve.Skip(1).ToList()),
                    ["workloads"] = problem.Workloads.Count,
                    ["clusters"] = problem.Catalogue.Clusters.Count,
                    ["runs"] = runs,
                    ["loadAverage1m"] = LoadAverage(),
                },
            },
        ];
    }

    private static async Task<double> PublishWallTimeAsync(string appHost, string repositoryRoot, string output, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet", [appHost, "publish", "--output", output])
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"publish exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return elapsed;
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : double.NaN;
}
