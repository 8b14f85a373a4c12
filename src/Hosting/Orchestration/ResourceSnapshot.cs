namespace Reference.Hosting.Orchestration;

public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";
    public const string Exited = "Exited";
    public const string Finished = "Finished";
    public const string FailedToStart = "FailedToStart";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
}

/// <summary>One replica's process as the orchestrator sees it.</summary>
public sealed record InstanceSnapshot(int Replica, string State, int? Pid, int? ExitCode, int Restarts, string? Url);

/// <summary>What the status table, endpoints.json and tests see of a resource at one moment.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    string State,
    IReadOnlyList<InstanceSnapshot> Instances,
    string? ConnectionString,
    string? Message)
{
    /// <summary>Ready for dependents: healthy, running with no health check to ask, or finished.</summary>
    public bool IsHealthy => State is KnownResourceStates.Healthy or KnownResourceStates.Running or KnownResourceStates.Finished;

    public int Restarts => Instances.Sum(i => i.Restarts);

    public IEnumerable<int> Pids => Instances.Where(i => i.Pid is not null).Select(i => i.Pid!.Value);

    public IEnumerable<string> Urls => Instances.Where(i => i.Url is not null).Select(i => i.Url!);
}
