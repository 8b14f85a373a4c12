using System.Diagnostics;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Servers;

namespace Reference.Hosting.Orchestration;

/// <summary>
/// Run mode: allocates ports, prepares every resource (where user errors surface before anything starts), starts
/// independent resources in parallel and each dependent only once what it waits for is healthy, and stops them in
/// reverse dependency order.
/// </summary>
internal sealed class Orchestrator : IAsyncDisposable
{
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);

    private readonly DistributedApplicationBuilder builder;
    private readonly ResourceNotificationService notifications;
    private readonly ILogSink log;
    private readonly RunContext context;
    private readonly Dictionary<IResource, ResourceRunner> runners = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Timer runStateTimer;
    private FileStream? instanceLock;
    private readonly Lock runStateGate = new();
    private int runStatePending;
    private bool stopped;

    public Orchestrator(DistributedApplicationBuilder builder, ResourceNotificationService notifications, ILogSink log)
    {
        this.builder = builder;
        this.notifications = notifications;
        this.log = log;
        context = new RunContext(builder, notifications, log);
        runStateTimer = new Timer(_ =>
        {
            // Cleared before writing: a change during the write schedules the next one.
            Interlocked.Exchange(ref runStatePending, 0);
            lock (runStateGate)
            {
                WriteRunState();
            }
        }, null, Timeout.Infinite, Timeout.Infinite);
    }

    public IReadOnlyDictionary<IResource, ResourceRunner> Runners => runners;

    /// <summary>Where a browser logs in to the dashboard, when the topology has one (the OTLP receiver).</summary>
    public string? DashboardLoginUrl =>
        builder.Resources.FirstOrDefault(r => r.OfAnnotation<OtlpReceiverAnnotation>().Any()) is { } receiver
            ? $"{receiver.GetEndpoint(receiver.OfAnnotation<OtlpReceiverAnnotation>().Last().EndpointName).GetUrl()}/login?t={context.DashboardToken}"
            : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        AcquireInstanceLock();
        ResourceGraph.Validate(builder.Resources);
        PortAllocator.Allocate(builder.Resources, builder.Options.RandomizePorts);

        foreach (var resource in builder.Resources)
        {
            runners[resource] = CreateRunner(resource);
            runners[resource].Publish();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        await Task.WhenAll(runners.Values.Select(r => r.PrepareAsync(linked.Token))).ConfigureAwait(false);

        var starts = runners.Values.Select(r => StartWhenReadyAsync(r, linked.Token)).ToArray();
        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch when (starts.Any(s => s.IsFaulted))
        {
            var failures = starts.Where(s => s.IsFaulted).SelectMany(s => s.Exception!.InnerExceptions).Select(e => e.Message);
            throw new ResourceStartException(string.Join(Environment.NewLine, failures));
        }

        RunStateFile.Write(context.RunStateFile, notifications.Snapshots);
        Elapsed = clock.Elapsed;

        // From now on the file follows every state change (the dashboard's Resources page reads it), written at most
        // 200 ms after the first unwritten one: a later change does not postpone it, so that a crash the AppHost repairs
        // within a second (Exited, Starting, Healthy) still shows on the dashboard rather than only its end state.
        notifications.Changed += _ =>
        {
            if (!stopped && Interlocked.Exchange(ref runStatePending, 1) == 0)
            {
                runStateTimer.Change(200, Timeout.Infinite);
            }
        };
    }

    /// <summary>Time StartAsync took to get every resource healthy.</summary>
    public TimeSpan Elapsed { get; private set; }

    public async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        await stopping.CancelAsync().ConfigureAwait(false);
        var deadline = Stopwatch.StartNew();
        var order = StopOrder();
        var tasks = new Dictionary<IResource, Task>();
        foreach (var resource in order)
        {
            // Dependents come earlier in the stop order, so their tasks already exist.
            var dependents = order.TakeWhile(r => r != resource).Where(r => ResourceGraph.DependenciesOf(r).Contains(resource)).Select(r => tasks[r]).ToArray();
            tasks[resource] = StopAfterAsync(runners[resource], dependents, deadline);
        }

        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        await runStateTimer.DisposeAsync().ConfigureAwait(false);
        if (instanceLock is not null)
        {
            // Only the AppHost that owns the state folder may write its run state.
            WriteRunState();
            instanceLock.Dispose();
        }

        instanceLock = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void WriteRunState()
    {
        try
        {
            RunStateFile.Write(context.RunStateFile, notifications.Snapshots);
        }
        catch (IOException ex)
        {
            log.Error($"Could not update {context.RunStateFile}: {ex.Message}");
        }
    }

    private async Task StopAfterAsync(ResourceRunner runner, Task[] dependents, Stopwatch deadline)
    {
        await Task.WhenAll(dependents).ConfigureAwait(false);
        var left = StopBudget - deadline.Elapsed - TimeSpan.FromSeconds(1);
        var grace = left < context.StopGrace ? left : context.StopGrace;
        try
        {
            await runner.StopAsync(grace > TimeSpan.FromMilliseconds(200) ? grace : TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            log.Error($"Stopping {runner.Resource.Name} failed: {ex.Message}");
        }
    }

    /// <summary>Dependents before their dependencies (reverse post-order of a depth-first walk; cycles of references are cut).</summary>
    private List<IResource> StopOrder()
    {
        var postOrder = new List<IResource>();
        var seen = new HashSet<IResource>();
        void Visit(IResource r)
        {
            if (!seen.Add(r))
            {
                return;
            }

            foreach (var dependency in ResourceGraph.DependenciesOf(r).Where(runners.ContainsKey))
            {
                Visit(dependency);
            }

            postOrder.Add(r);
        }

        foreach (var resource in runners.Keys)
        {
            Visit(resource);
        }

        postOrder.Reverse();
        return postOrder;
    }

    private async Task StartWhenReadyAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        var waits = runner.Resource.OfAnnotation<WaitAnnotation>().ToArray();
        if (waits.Length > 0)
        {
            runner.SetState(KnownResourceStates.Waiting, "waiting for " + string.Join(", ", waits.Select(w => w.Resource.Name)));
        }

        foreach (var wait in waits)
        {
            var dependency = await notifications.WaitForResourceAsync(wait.Resource.Name,
                s => s.State == KnownResourceStates.FailedToStart || (wait.Kind == WaitKind.Completion ? s.State == KnownResourceStates.Finished : s.IsHealthy),
                cancellationToken).ConfigureAwait(false);
            if (dependency.State == KnownResourceStates.FailedToStart)
            {
                var why = $"'{runner.Resource.Name}' did not start because '{wait.Resource.Name}', which it waits for, failed.";
                runner.SetState(KnownResourceStates.FailedToStart, why);
                throw new ResourceStartException(why);
            }
        }

        try
        {
            await runner.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            runner.SetState(KnownResourceStates.FailedToStart, ex.Message);
            log.Error($"{runner.Resource.Name} failed to start: {ex.Message}");
            throw new ResourceStartException($"'{runner.Resource.Name}' failed to start: {ex.Message}", ex);
        }

        // A one-shot resource is ready once its work is done, so the application is ready only after it finished.
        var oneShot = runner.Resource.OfAnnotation<OneShotAnnotation>().Any();
        var state = await notifications.WaitForResourceAsync(runner.Resource.Name,
            s => (oneShot ? s.State == KnownResourceStates.Finished : s.IsHealthy) || s.State == KnownResourceStates.FailedToStart, cancellationToken).ConfigureAwait(false);
        if (state.State == KnownResourceStates.FailedToStart && oneShot)
        {
            throw new ResourceStartException($"'{runner.Resource.Name}' failed (exit code {state.Instances.FirstOrDefault(i => i.ExitCode is not null)?.ExitCode}); its log above says why.");
        }

        if (state.State == KnownResourceStates.FailedToStart)
        {
            throw new ResourceStartException($"'{runner.Resource.Name}' kept exiting and was not restarted again (exit code {state.Instances.FirstOrDefault(i => i.ExitCode is not null)?.ExitCode}).");
        }
    }

    private ResourceRunner CreateRunner(IResource resource) => resource switch
    {
        PostgresServerResource postgres => new PostgresServerRunner(postgres, context),
        PostgresDatabaseResource database => new PostgresDatabaseRunner(database, context),
        RedisResource redis => new RedisServerRunner(redis, context),
        ProjectResource project => new ProjectRunner(project, context),
        ExecutableResource executable => new ExecutableRunner(executable, context),
        ParameterResource parameter => new ParameterRunner(parameter, context),
        _ => throw new DistributedApplicationException($"Resource '{resource.Name}' is a {resource.GetType().Name}, which run mode does not know how to start."),
    };

    /// <summary>Two AppHosts on one state folder would fight over the same data folders; the second one says so.</summary>
    private void AcquireInstanceLock()
    {
        var path = Path.Combine(builder.StateDirectory, "run", "apphost.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            instanceLock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DistributedApplicationException(
                $"Another AppHost is already running with the state folder {builder.StateDirectory}. Stop it first, or set Hosting:StateDirectory to run a second platform side by side.");
        }
    }
}

/// <summary>A resource did not become healthy; the platform can still run without it.</summary>
public sealed class ResourceStartException(string message, Exception? inner = null) : Exception(message, inner);
