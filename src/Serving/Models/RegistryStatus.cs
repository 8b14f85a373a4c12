namespace Reference.Serving.Models;

// Whether the last conversation with the registry worked; health reports degraded while it does not.
public sealed class RegistryStatus(TimeProvider time)
{
    private volatile string? problem;
    private DateTimeOffset problemSince;

    public bool IsReachable => problem is null;

    public string? Problem => problem;

    public DateTimeOffset ProblemSince => problemSince;

    internal void Succeeded() => problem = null;

    internal void Failed(string reason)
    {
        if (problem is null)
        {
            problemSince = time.GetUtcNow();
        }
        problem = reason;
    }
}
