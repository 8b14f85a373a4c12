using System.Diagnostics;
using Reference.Hosting.Orchestration;

namespace Reference.Faults.Tests.Support;

// A crash of one process of the topology: SIGKILL of the pid the AppHost reports for it, then the AppHost's own
// restart, awaited through its resource notifications (a new pid, healthy) with a deadline.
public sealed class Crash
{
    private readonly FaultsFixture fixture;

    private Crash(FaultsFixture fixture, string resource, int replica, int pid)
    {
        this.fixture = fixture;
        Resource = resource;
        Replica = replica;
        Pid = pid;
    }

    public string Resource { get; }

    public int Replica { get; }

    public int Pid { get; }

    public int RestartsBefore { get; private init; }

    public static Crash Kill(FaultsFixture fixture, string resource, int replica = 0)
    {
        var snapshot = fixture.App.ResourceNotifications.Get(resource);
        var instance = snapshot.Instances.Single(i => i.Replica == replica);
        Assert.True(instance.State == KnownResourceStates.Healthy && instance.Pid is not null, $"{resource}-{replica} is not healthy before the fault: {instance}");
        var pid = instance.Pid!.Value;
        // Process.Kill is SIGKILL on Linux: no shutdown hook runs, as in an OOM kill or a lost node.
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }
        return new Crash(fixture, resource, replica, pid) { RestartsBefore = instance.Restarts };
    }

    /// <summary>Until the AppHost has started a new process for the replica and its health check passes.</summary>
    public async Task<InstanceSnapshot> RestartedAsync(TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            var snapshot = await fixture.App.ResourceNotifications.WaitForResourceAsync(Resource,
                s => s.Instances.Any(i => i.Replica == Replica && i.Pid is not null && i.Pid != Pid && i.State == KnownResourceStates.Healthy),
                deadline.Token);
            return snapshot.Instances.Single(i => i.Replica == Replica);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The AppHost did not bring {Resource}-{Replica} back within {limit.TotalSeconds} s of SIGKILL (pid {Pid}): " +
                fixture.App.ResourceNotifications.Get(Resource));
        }
    }
}
