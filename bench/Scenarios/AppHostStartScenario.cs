using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Reference.Bench.Scenarios;

/// <summary>
/// Time from launching the built AppHost to its "Platform ready" line, cold (first run, initdb included) and warm
/// (data folders reused), median of 5. Baseline, same run: the floor of what the AppHost must do in sequence —
/// PostgreSQL started by hand on a warm data folder until SELECT 1 answers, plus a bare ASP.NET Core app until it answers.
/// </summary>
public sealed class AppHostStartScenario : IBenchScenario
{
    public string Name => "apphost-start";

    public string Description => "AppHost cold and warm start to 'Platform ready' vs starting PostgreSQL and a bare ASP.NET app by hand";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var runs = context.Quick ? 2 : 5;
        // The AppHost assembly is referenced; its name follows the solution's (Reference.AppHost, Contoso.Fraud.AppHost…).
        var appHost = System.Reflection.Assembly.Load(typeof(IBenchScenario).Assembly.GetName().Name!.Replace(".Bench", ".AppHost", StringComparison.Ordinal)).Location;
        var root = Path.Combine(Path.GetTempPath(), "reference-bench-apphost");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);

        // The goal is stated for PostgreSQL, Redis and two services; the full topology is measured too.
        string[] goal = ["--Hosting:Only=model-registry,feature-store"];
        var cold = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var state = Path.Combine(root, $"cold-{i}");
            Directory.CreateDirectory(state);
            cold.Add(await TimeToReadyAsync(appHost, state, goal, cancellationToken));
            context.Progress($"cold run {i + 1}/{runs}: {cold[^1]:0.00} s");
            Directory.Delete(state, recursive: true);
        }

        var warmState = Path.Combine(root, "warm");
        Directory.CreateDirectory(warmState);
        await TimeToReadyAsync(appHost, warmState, [], cancellationToken);
        var warm = new List<double>();
        var warmFull = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            warm.Add(await TimeToReadyAsync(appHost, warmState, goal, cancellationToken));
            warmFull.Add(await TimeToReadyAsync(appHost, warmState, [], cancellationToken));
            context.Progress($"warm run {i + 1}/{runs}: {warm[^1]:0.00} s (2 services), {warmFull[^1]:0.00} s (full topology)");
        }

        var pgData = Directory.GetDirectories(Path.Combine(warmState, "postgres")).Single();
        var floor = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var pg = await TimePostgresAsync(Path.Combine(pgData, "data"), cancellationToken);
            var web = await TimeBareAspNetAsync(context.RepositoryRoot, cancellationToken);
            floor.Add(pg + web);
            context.Progress($"floor run {i + 1}/{runs}: postgres {pg:0.00} s + bare ASP.NET {web:0.00} s");
        }

        Directory.Delete(root, recursive: true);
        var baseline = Statistics.Median(floor);
        return
        [
            new BenchResult("warm start to ready (median)", "s", Statistics.Median(warm), baseline, "AppHost: postgres, redis, 2 databases, 2 services", "postgres + bare ASP.NET by hand")
            {
                Details = new Dictionary<string, double> { ["min"] = warm.Min(), ["max"] = warm.Max(), ["runs"] = runs },
            },
            new BenchResult("warm start, full topology (median)", "s", Statistics.Median(warmFull), baseline, "AppHost: every resource of AppHost/Program.cs", "postgres + bare ASP.NET by hand")
            {
                Details = new Dictionary<string, double> { ["min"] = warmFull.Min(), ["max"] = warmFull.Max(), ["runs"] = runs },
            },
            new BenchResult("cold start to ready (median)", "s", Statistics.Median(cold), baseline, "AppHost incl. initdb, 2 services", "postgres + bare ASP.NET by hand")
            {
                Details = new Dictionary<string, double> { ["min"] = cold.Min(), ["max"] = cold.Max(), ["runs"] = runs },
            },
        ];
    }

    private static async Task<double> TimeToReadyAsync(string appHost, string state, string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(appHost);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Hosting__StateDirectory"] = state;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("Platform ready in", StringComparison.Ordinal) == true) ready.TrySetResult(); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        _ = kill(process.Id, 2);
        await process.WaitForExitAsync(cancellationToken);
        return elapsed;
    }

    private static async Task<double> TimePostgresAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("setpriv") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", "/usr/lib/postgresql/15/bin/postgres", "-D", dataDirectory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" })
        {
            info.ArgumentList.Add(a);
        }

        var password = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "..", "..", "..", "secrets.json"))).RootElement.GetProperty("postgres-password").GetString();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Pooling=false");
                await connection.OpenAsync(cancellationToken);
                await new NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync(cancellationToken);
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        _ = kill(process.Id, 2);
        await process.WaitForExitAsync(cancellationToken);
        return elapsed;
    }

    private static async Task<double> TimeBareAspNetAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var dll = Directory.GetFiles(Path.Combine(repositoryRoot, "tests", "Samples", "SampleService", "bin"), "Reference.SampleService.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [dll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        while (true)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health", cancellationToken)).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        process.Kill();
        await process.WaitForExitAsync(cancellationToken);
        return elapsed;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int kill(int pid, int sig);
}
