using System.Diagnostics;

namespace Reference.Bench;

// Open-loop load: request i starts at i / rate seconds whether or not earlier ones finished, and its latency counts
// from that scheduled start, so a stall shows up in the percentiles instead of slowing the load down (no coordinated
// omission). Returns each request's latency in milliseconds.
internal static class OpenLoop
{
    public static async Task<List<double>> RunAsync(Func<int, Task> send, int rate, int seconds, CancellationToken cancellationToken)
    {
        var total = rate * seconds;
        var tasks = new List<Task<double>>(total);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < total;)
        {
            var now = clock.Elapsed;
            while (i < total && interval * i <= now)
            {
                tasks.Add(TimeAsync(send, i, clock, interval * i));
                i++;
            }
            await Task.Delay(1, cancellationToken);
        }
        return [.. await Task.WhenAll(tasks)];
    }

    private static async Task<double> TimeAsync(Func<int, Task> send, int index, Stopwatch clock, TimeSpan scheduled)
    {
        await send(index);
        return (clock.Elapsed - scheduled).TotalMilliseconds;
    }
}
