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

    // The registry answered, but asked us to come back later (429 or 503 with Retry-After).
    internal void AskedToWait(int status, TimeSpan wait) =>
        Failed($"it answered {status} and asked to retry after {wait.TotalSeconds:0.#} s, which serving honours");

    internal void Failed(string reason)
    {
        if (problem is null)
        {
            problemSince = time.GetUtcNow();
        }
        problem = reason;
    }
}
