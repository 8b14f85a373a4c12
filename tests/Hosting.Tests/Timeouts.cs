namespace Reference.Hosting.Tests;

/// <summary>Bounds for awaited conditions, so a broken run fails instead of hanging; never an assertion on speed.</summary>
internal static class Timeouts
{
    public static CancellationToken Start => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    public static CancellationToken Short => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited && File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
