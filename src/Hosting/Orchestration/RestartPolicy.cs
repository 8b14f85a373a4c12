namespace Reference.Hosting.Orchestration;

/// <summary>At most <see cref="MaxRestarts"/> restarts in any <see cref="Window"/>, with exponential backoff between them.</summary>
internal sealed class RestartPolicy(int maxRestarts = 5, TimeSpan? window = null, TimeProvider? time = null)
{
    private readonly Queue<DateTimeOffset> recent = new();
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public int MaxRestarts { get; } = maxRestarts;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(1);

    /// <summary>The delay before the next restart, or null when the budget for the window is spent.</summary>
    public TimeSpan? NextDelay()
    {
        var now = clock.GetUtcNow();
        while (recent.Count > 0 && now - recent.Peek() > Window)
        {
            recent.Dequeue();
        }

        if (recent.Count >= MaxRestarts)
        {
            return null;
        }

        var delay = TimeSpan.FromMilliseconds(250 * Math.Pow(2, recent.Count));
        recent.Enqueue(now);
        return delay;
    }
}
