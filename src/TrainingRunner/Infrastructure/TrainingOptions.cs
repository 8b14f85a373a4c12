namespace Reference.TrainingRunner.Infrastructure;

// Bound from "Training" (environment Training__LeaseDuration=00:00:10 and so on).
public sealed class TrainingOptions
{
    public const string SectionName = "Training";

    // A worker that misses heartbeats for this long loses its job.
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    // How often an idle slot looks for work.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    // First retry delay; doubled for each further attempt.
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public int DefaultMaxAttempts { get; set; } = 3;

    // How long a job waits for a free slot in its preferred pool before it may burst to the next eligible pool.
    public TimeSpan BurstWait { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan DriftCooldown { get; set; } = TimeSpan.FromHours(1);

    // How long after submission the runner still acts for the submitter (creating the model, requesting promotion).
    public TimeSpan DelegationWindow { get; set; } = TimeSpan.FromHours(24);

    // Schedules from use-case specs run in processes where this is true (the API process by default).
    public bool RunSchedules { get; set; } = true;

    // Where usecase.yaml files are read from; default: the UseCases folder beside the binaries.
    public string? UseCasesDirectory { get; set; }

    // This process's worker pool; none means the process serves the API only.
    public WorkerPoolOptions? Worker { get; set; }

    // Run-once mode (the published Kubernetes Job): submit the use case's training, work it to the end, exit.
    public RunOnceOptions? Job { get; set; }
}

public sealed class RunOnceOptions
{
    public string? UseCase { get; set; }

    public bool RunOnce { get; set; }

    // Names the run, so that a restarted process of the same run attaches to its job even after the job ended.
    // Without it, a process attaches to the use case's unfinished run-once job, or submits a new one.
    public string? RunId { get; set; }
}

public sealed class WorkerPoolOptions
{
    public string? Pool { get; set; }

    public int Slots { get; set; } = 1;

    // location=onprem, provider=aws, jurisdiction=eu, gpu=true ...
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);
}
