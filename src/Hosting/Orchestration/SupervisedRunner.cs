using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Orchestration;

/// <summary>A resource made of processes, one supervisor per replica; its state is the worst of theirs.</summary>
internal abstract class SupervisedRunner(IResource resource, RunContext context) : ResourceRunner(resource, context)
{
    private static readonly string[] Severity =
    [
        KnownResourceStates.FailedToStart, KnownResourceStates.Exited, KnownResourceStates.Stopping, KnownResourceStates.Unhealthy,
        KnownResourceStates.Starting, KnownResourceStates.NotStarted, KnownResourceStates.Running, KnownResourceStates.Healthy,
        KnownResourceStates.Finished, KnownResourceStates.Stopped,
    ];

    private readonly List<ProcessSupervisor> supervisors = [];

    public IReadOnlyList<ProcessSupervisor> Supervisors => supervisors;

    protected virtual int StopSignal => ManagedProcess.SigTerm;

    protected override string CurrentState =>
        supervisors.Count == 0
            ? KnownResourceStates.NotStarted
            : supervisors.Select(s => s.State).OrderBy(s => Array.IndexOf(Severity, s)).First();

    protected abstract Task<ProcessSpec> CreateSpecAsync(int replica, CancellationToken cancellationToken);

    /// <summary>By default the HTTP health check, if the resource has one; without a probe, running is healthy enough.</summary>
    protected virtual Func<CancellationToken, Task<bool>>? CreateProbe(int replica) =>
        Resource.TryGetLast<HttpHealthCheckAnnotation>(out var check)
            ? ct => HealthProbes.HttpAsync(Resource.GetEndpoint(check.EndpointName).GetUrl(replica) + check.Path, ct)
            : null;

    protected virtual string? UrlOf(int replica) =>
        Resource.OfAnnotation<EndpointAnnotation>().FirstOrDefault() is { } e ? Resource.GetEndpoint(e.Name).GetUrl(replica) : null;

    protected virtual Task BeforeStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        await BeforeStartAsync(cancellationToken).ConfigureAwait(false);
        var count = Resource.GetReplicaCount();
        var displayNames = Enumerable.Range(0, count).Select(i => count == 1 ? Resource.Name : $"{Resource.Name}-{i}").ToArray();
        for (var i = 0; i < count; i++)
        {
            var replica = i;
            supervisors.Add(new ProcessSupervisor(displayNames[i], replica, ct => CreateSpecAsync(replica, ct), CreateProbe(replica), Context.Log, Publish, StopSignal)
            {
                Url = UrlOf(replica),
                OneShot = Resource.OfAnnotation<OneShotAnnotation>().Any(),
            });
        }

        await Task.WhenAll(supervisors.Select(s => s.StartAsync(cancellationToken))).ConfigureAwait(false);
    }

    public override async Task StopAsync(TimeSpan grace) =>
        await Task.WhenAll(supervisors.Select(s => s.StopAsync(grace))).ConfigureAwait(false);

    protected override IReadOnlyList<InstanceSnapshot> Instances() =>
        supervisors.Select(s => new InstanceSnapshot(s.Replica, s.State, s.Pid, s.ExitCode, s.Restarts, s.Url)).ToArray();
}
