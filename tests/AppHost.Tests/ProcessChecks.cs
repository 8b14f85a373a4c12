namespace Reference.AppHost.Tests;

internal static class ProcessChecks
{
    public static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z";

    /// <summary>Processes whose command line mentions the folder: the servers run with their data there.</summary>
    public static int[] ProcessesMentioning(string folder) =>
        Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(folder, StringComparison.Ordinal) && IsAlive(pid);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .ToArray();

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, Func<string> what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting until {what()}.");
            }

            await Task.Delay(50);
        }
    }

    public static string NewStateDirectory() => Reference.Hosting.Testing.DistributedApplicationTestingBuilder.NewStateDirectory();
}
