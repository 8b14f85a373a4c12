namespace Reference.Hosting.Orchestration;

/// <summary>Where resource output and the AppHost's own messages go (the console, and a file per resource).</summary>
public interface ILogSink
{
    void ResourceLine(string resource, string line, bool isError);

    void Info(string message);

    void Error(string message);
}

/// <summary>The last lines of a process, shown when it exits unexpectedly.</summary>
internal sealed class RecentLines(int capacity)
{
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();

    public void Add(string line)
    {
        lock (gate)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
        }
    }

    public string[] Snapshot()
    {
        lock (gate)
        {
            return [.. lines];
        }
    }
}
