using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Reference.Hosting.Orchestration;

/// <summary>One running child: its output as lines, its exit, and signals to stop it.</summary>
internal sealed partial class ManagedProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private readonly Process process;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process, Action<string, bool> onLine)
    {
        this.process = process;
        Pid = process.Id;
        process.EnableRaisingEvents = true;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, true); };
        process.Exited += (_, _) => OnExited();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            OnExited();
        }
    }

    public int Pid { get; }

    /// <summary>Completes with the exit code once the process has exited and its output has been read.</summary>
    public Task<int> Exited => exited.Task;

    public static async Task<ManagedProcess> StartAsync(ProcessSpec spec, Action<string, bool> onLine)
    {
        var process = await ProcessLauncher.StartAsync(spec).ConfigureAwait(false);
        return new ManagedProcess(process, onLine);
    }

    public void Signal(int signal)
    {
        if (!exited.Task.IsCompleted)
        {
            _ = kill(Pid, signal);
        }
    }

    /// <summary>Asks politely with <paramref name="signal"/>, then kills the whole tree after the grace period; returns whether it had to kill.</summary>
    public async Task<bool> StopAsync(int signal, TimeSpan grace)
    {
        Signal(signal);
        try
        {
            await Exited.WaitAsync(grace).ConfigureAwait(false);
            return false;
        }
        catch (TimeoutException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            await Exited.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            return true;
        }
    }

    public void Dispose() => process.Dispose();

    private void OnExited()
    {
        // The parameterless WaitForExit also waits for the redirected output to be drained.
        _ = Task.Run(() =>
        {
            process.WaitForExit();
            exited.TrySetResult(process.ExitCode);
        });
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
