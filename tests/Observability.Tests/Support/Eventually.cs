namespace Reference.Observability.Tests.Support;

// Exports are batched by the SDK (1 s locally) and metrics every 5 s: tests wait for the condition, not for a time.
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, string what, int timeoutSeconds = 60) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            try
            {
                await tick.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeoutSeconds} s for {what}.");
            }
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, int timeoutSeconds = 60) =>
        ReturnsAsync<object>(async () => await probe() ? new object() : null, what, timeoutSeconds);
}
