using System.Diagnostics;
using System.Text;

namespace Reference.Templates.Tests.Scaffolding;

// One command line (dotnet, kubectl) run to completion with its own environment; output kept for failure messages.
public sealed record ToolRun(string Command, int ExitCode, string Output)
{
    public static async Task<ToolRun> RunAsync(string tool, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var info = StartInfo(tool, args, workingDirectory, environment);
        var command = $"{tool} {string.Join(' ', info.ArgumentList)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"'{tool}' was not found on PATH ({ex.Message}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ToolRun(command, -1, $"timed out after {timeout.TotalSeconds:0} s\n{output}");
        }

        return new ToolRun(command, process.ExitCode, output.ToString());
    }

    public ToolRun Succeeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited with {ExitCode}:\n{Tail(Output, 6000)}");
        return this;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];

    // The process to start: the tool and its arguments in the folder, with environment overrides (null removes).
    public static ProcessStartInfo StartInfo(string tool, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }
}
