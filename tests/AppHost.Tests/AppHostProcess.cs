using System.Diagnostics;
using System.Text.Json;

namespace Reference.AppHost.Tests;

/// <summary>The built AppHost run as `dotnet Reference.AppHost.dll`, as `dotnet run --project AppHost` runs it, in its own state folder.</summary>
internal sealed class AppHostProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> output = [];

    private AppHostProcess(string stateDirectory, bool underShell, params string[] args)
    {
        StateDirectory = stateDirectory;
        var info = new ProcessStartInfo(underShell ? "/bin/sh" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (underShell)
        {
            // The shell stays the AppHost's parent (no exec), as dotnet run does.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("dotnet \"$@\"; echo shell done");
            info.ArgumentList.Add("sh");
        }

        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Hosting__StateDirectory"] = stateDirectory;
        // These tests are about processes and signals: the sample use case's one-shot loop is tests/Cli.Tests' subject.
        info.Environment["Platform__SampleUseCase"] = "none";
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string StateDirectory { get; }

    public int Pid => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join(Environment.NewLine, output);
            }
        }
    }

    public static AppHostProcess Start(string stateDirectory, params string[] args) => new(stateDirectory, false, args);

    /// <summary>Starts the AppHost under a shell; killing the shell is what killing dotnet run looks like.</summary>
    public static AppHostProcess StartUnderShell(string stateDirectory) => new(stateDirectory, true);

    /// <summary>Runs a verb (such as token) to the end and returns its standard output.</summary>
    public static async Task<(int Code, string Output)> RunVerbAsync(string stateDirectory, params string[] args)
    {
        using var verb = new AppHostProcess(stateDirectory, false, args);
        await verb.process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        verb.process.WaitForExit();
        return (verb.process.ExitCode, verb.Output);
    }

    public async Task<string> WaitForReadyAsync()
    {
        var exited = process.WaitForExitAsync();
        var done = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(120)));
        if (done != ready.Task)
        {
            throw new InvalidOperationException($"The AppHost did not report ready. Output:{Environment.NewLine}{Output}");
        }

        return await ready.Task;
    }

    /// <summary>How many resources of the topology are processes (servers and projects), from .platform/run/endpoints.json.</summary>
    public int ProcessResourceCount()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDirectory, "run", "endpoints.json")));
        return json.RootElement.GetProperty("resources").EnumerateObject()
            .Count(r => r.Value.GetProperty("type").GetString() is "Project" or "PostgreSQL" or "Redis" or "Executable");
    }

    /// <summary>Process resources (servers and projects) that list no running process in .platform/run/endpoints.json.</summary>
    public string[] ProcessResourcesWithoutProcesses()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDirectory, "run", "endpoints.json")));
        return json.RootElement.GetProperty("resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("type").GetString() is "Project" or "PostgreSQL" or "Redis" or "Executable" && r.Value.GetProperty("pids").GetArrayLength() == 0)
            .Select(r => r.Name)
            .ToArray();
    }

    /// <summary>Every process the AppHost started, from .platform/run/endpoints.json.</summary>
    public int[] ChildPids()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDirectory, "run", "endpoints.json")));
        return json.RootElement.GetProperty("resources").EnumerateObject()
            .SelectMany(r => r.Value.GetProperty("pids").EnumerateArray().Select(p => p.GetInt32()))
            .ToArray();
    }

    public void Signal(int signal) => _ = kill(process.Id, signal);

    public Task<bool> WaitForExitAsync(TimeSpan limit) =>
        process.WaitForExitAsync(new CancellationTokenSource(limit).Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);

    public int ExitCode => process.ExitCode;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }

        if (line.StartsWith("Platform ready in ", StringComparison.Ordinal))
        {
            ready.TrySetResult(line);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
