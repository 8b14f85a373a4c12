using System.Collections.Concurrent;
using System.Diagnostics;

namespace Reference.Hosting.Orchestration;

/// <summary>
/// Starts child processes so that they die with the AppHost, even on SIGKILL: on Linux each child is wrapped in
/// `setpriv --pdeathsig=KILL`. The kernel sends that signal when the thread that forked the child exits, so every
/// fork happens on one long-lived launcher thread rather than on thread-pool threads that come and go. Children also
/// get their own session (`setsid`), so a Ctrl+C in the terminal reaches only the AppHost, which then stops them in
/// reverse dependency order.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Queue = [];
    private static readonly string? SetPriv = OperatingSystem.IsLinux() ? FindUtil("setpriv") : null;
    private static readonly string? SetSid = OperatingSystem.IsLinux() ? FindUtil("setsid") : null;

    static ProcessLauncher()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "process-launcher" };
        thread.Start();
    }

    public static Task<Process> StartAsync(ProcessSpec spec)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        if (SetPriv is not null)
        {
            if (SetSid is not null)
            {
                info.FileName = SetSid;
                info.ArgumentList.Add(SetPriv);
            }
            else
            {
                info.FileName = SetPriv;
            }

            if (spec.RunAsUser is not null)
            {
                info.ArgumentList.Add($"--reuid={spec.RunAsUser}");
                info.ArgumentList.Add($"--regid={spec.RunAsUser}");
                info.ArgumentList.Add("--init-groups");
            }

            info.ArgumentList.Add("--pdeathsig=KILL");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(spec.FileName);
        }
        else
        {
            if (spec.RunAsUser is not null)
            {
                throw new DistributedApplicationException($"Cannot start '{spec.FileName}' as user '{spec.RunAsUser}': setpriv (util-linux) was not found.");
            }

            info.FileName = spec.FileName;
        }

        foreach (var arg in spec.Args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((info, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (info, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info)!);
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }

    private static string? FindUtil(string name) =>
        new[] { "/usr/bin/", "/bin/", "/usr/sbin/" }.Select(d => d + name).FirstOrDefault(File.Exists);
}
