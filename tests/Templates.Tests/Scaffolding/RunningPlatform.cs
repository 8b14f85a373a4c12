using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Reference.Templates.Tests.Scaffolding;

// A scaffolded platform's AppHost in run mode, started as a user would (its build output, in the scaffold's folder),
// stopped with its whole process tree when disposed.
internal sealed class RunningPlatform : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningPlatform(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static RunningPlatform Start(string tree, string appHost, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = ToolRun.StartInfo("dotnet", [appHost, .. args], tree, environment);

        var running = new RunningPlatform(new Process { StartInfo = info, EnableRaisingEvents = true });
        running.process.Exited += (_, _) => running.ready.TrySetException(new Xunit.Sdk.XunitException($"The AppHost exited with {running.process.ExitCode} before it was ready:\n{Tail(running.Output)}"));
        running.process.Start();
        running.process.BeginOutputReadLine();
        running.process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for the AppHost's "Platform ready" line (every resource healthy, the sample use case served).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(ready.Task, Task.Delay(timeout));
        Assert.True(finished == ready.Task, $"No 'Platform ready' within {timeout.TotalMinutes:0} min:\n{Tail(Output)}");
        await ready.Task;
    }

    /// <summary>The first URL of a resource in .platform/run/endpoints.json.</summary>
    public static string Url(string tree, string resource)
    {
        using var endpoints = JsonDocument.Parse(File.ReadAllText(Path.Combine(tree, ".platform", "run", "endpoints.json")));
        return endpoints.RootElement.GetProperty("resources").GetProperty(resource).GetProperty("urls")[0].GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.Contains("Platform ready", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}
