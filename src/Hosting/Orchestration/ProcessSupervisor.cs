namespace Reference.Hosting.Orchestration;

/// <summary>
/// Keeps one replica's process running: starts it, probes its health, shows an unexpected exit with its last
/// lines and restarts it with backoff, and stops it on request. Its dependents are not touched.
/// </summary>
internal sealed class ProcessSupervisor(
    string displayName,
    int replica,
    Func<CancellationToken, Task<ProcessSpec>> createSpec,
    Func<CancellationToken, Task<bool>>? probe,
    ILogSink log,
    Action onChanged,
    int stopSignal = ManagedProcess.SigTerm)
{
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(5);

    private readonly RestartPolicy restarts = new();
    private readonly RecentLines recent = new(20);
    private readonly CancellationTokenSource stopping = new();
    private ManagedProcess? process;
    private Task? supervision;

    public int Replica { get; } = replica;

    public string State { get; private set; } = KnownResourceStates.NotStarted;

    public int? Pid => process?.Pid;

    public int? ExitCode { get; private set; }

    public int Restarts { get; private set; }

    public string? Url { get; init; }

    /// <summary>A one-shot process: exit code 0 is its success (Finished); any other code fails it, without a restart.</summary>
    public bool OneShot { get; init; }

    /// <summary>Starts the process and returns once it is running; health and restarts go on in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
        supervision = Task.Run(() => SuperviseAsync(stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(TimeSpan grace)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (process is { } current && !current.Exited.IsCompleted)
        {
            SetState(KnownResourceStates.Stopping);
            if (await current.StopAsync(stopSignal, grace).ConfigureAwait(false))
            {
                // Named, so that a service whose shutdown hangs is found without timing every process by hand.
                log.Error($"{displayName} (pid {current.Pid}) did not exit within {grace.TotalSeconds:0.0} s of {SignalName(stopSignal)}; killed it.");
            }
        }

        if (supervision is not null)
        {
            await supervision.ConfigureAwait(false);
        }

        SetState(KnownResourceStates.Stopped);
    }

    private static string SignalName(int signal) => signal switch
    {
        ManagedProcess.SigTerm => "SIGTERM",
        ManagedProcess.SigInt => "SIGINT",
        _ => $"signal {signal}",
    };

    /// <summary>SIGKILL without stopping supervision: what a crash looks like (fault tests use it).</summary>
    public void Kill() => process?.Signal(ManagedProcess.SigKill);

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        SetState(KnownResourceStates.Starting);
        var spec = await createSpec(cancellationToken).ConfigureAwait(false);
        process?.Dispose();
        process = await ManagedProcess.StartAsync(spec, OnLine).ConfigureAwait(false);
        ExitCode = null;
        SetState(probe is null ? KnownResourceStates.Running : KnownResourceStates.Starting);
    }

    private void OnLine(string line, bool isError)
    {
        recent.Add(line);
        log.ResourceLine(displayName, line, isError);
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var current = process!;
            var healthy = ProbeUntilExitAsync(current, stop);
            int code;
            try
            {
                code = await current.Exited.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await healthy.ConfigureAwait(false);
                return;
            }

            await healthy.ConfigureAwait(false);
            ExitCode = code;
            if (code == 0 && (probe is null || OneShot))
            {
                SetState(KnownResourceStates.Finished);
                return;
            }

            var lines = recent.Snapshot();
            if (OneShot)
            {
                // Its work failed; running it again would most likely fail the same way, so say why and stop.
                log.Error($"{displayName} failed with exit code {code}." +
                    (lines.Length > 0 ? " Last lines:" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(10).Select(l => "    " + l)) : string.Empty));
                SetState(KnownResourceStates.FailedToStart);
                return;
            }

            SetState(KnownResourceStates.Exited);
            log.Error($"{displayName} exited unexpectedly with code {code}." +
                (lines.Length > 0 ? " Last lines:" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(10).Select(l => "    " + l)) : string.Empty));

            if (restarts.NextDelay() is not { } delay)
            {
                log.Error($"{displayName} exited {restarts.MaxRestarts + 1} times within {restarts.Window.TotalSeconds:0} s; not restarting it again. Its dependents keep running.");
                SetState(KnownResourceStates.FailedToStart);
                return;
            }

            try
            {
                await Task.Delay(delay, stop).ConfigureAwait(false);
                Restarts++;
                log.Info($"Restarting {displayName} (restart {Restarts}) after {delay.TotalSeconds:0.##} s.");
                await LaunchAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Probes quickly until healthy, then every few seconds, until the process exits or stop is asked.</summary>
    private async Task ProbeUntilExitAsync(ManagedProcess current, CancellationToken stop)
    {
        if (probe is null)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(50);
        while (!stop.IsCancellationRequested && !current.Exited.IsCompleted)
        {
            bool ok;
            try
            {
                ok = await probe(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (current.Exited.IsCompleted || stop.IsCancellationRequested)
            {
                return;
            }

            if (ok)
            {
                SetState(KnownResourceStates.Healthy);
                delay = HealthInterval;
            }
            else if (State == KnownResourceStates.Healthy)
            {
                SetState(KnownResourceStates.Unhealthy);
            }
            else
            {
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 500));
            }

            try
            {
                await Task.WhenAny(Task.Delay(delay, stop), current.Exited).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void SetState(string state)
    {
        if (State != state)
        {
            State = state;
            onChanged();
        }
    }
}
