using System.Diagnostics;

namespace Reference.Bench;

// Open-loop load: requests are released on a fixed schedule (i / rate seconds) whether or not earlier ones finished,
// so a slow server meets the same arrival rate instead of slowing the load down (no coordinated omission). Latency
// counts from the moment a request is released. Not from its scheduled instant: the pacing loop wakes on the runtime's
// timer, whose granularity is ~4 ms on the machines here (Task.Delay(1) sleeps 4.4 ms at p50), so timing from the
// schedule would add the driver's own lateness (2 ms at p50, 4.4 ms at p99, measured) to both sides of every ratio;
// late requests are released together, a burstier arrival than the schedule, which only makes the server's job
// harder. Returns each request's latency in milliseconds.
internal static class OpenLoop
{
    public static Task<List<double>> RunAsync(Func<int, Task> send, int rate, int seconds, CancellationToken cancellationToken) =>
        RunRequestsAsync(send, rate, rate * seconds, cancellationToken);

    // The same, for a number of requests rather than whole seconds (short windows that alternate between servers).
    public static async Task<List<double>> RunRequestsAsync(Func<int, Task> send, int rate, int total, CancellationToken cancellationToken)
    {
        var tasks = new List<Task<double>>(total);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < total;)
        {
            var now = clock.Elapsed;
            while (i < total && interval * i <= now)
            {
                tasks.Add(TimeAsync(send, i, clock));
                i++;
            }
            await Task.Delay(1, cancellationToken);
        }
        return [.. await Task.WhenAll(tasks)];
    }

    private static async Task<double> TimeAsync(Func<int, Task> send, int index, Stopwatch clock)
    {
        var released = clock.Elapsed;
        await send(index);
        return (clock.Elapsed - released).TotalMilliseconds;
    }
}
