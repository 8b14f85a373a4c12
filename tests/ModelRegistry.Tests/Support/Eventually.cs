namespace Reference.ModelRegistry.Tests.Support;

// Awaits a condition that another process makes true (a restart, a background sweep), checking every 100 ms.
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 60, Func<Task<string>>? describe = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Still not true after {seconds} s: {what}" + (describe is null ? "" : $" ({await describe()})"));
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }

    public static Task HealthyAsync(HttpClient anonymous) => TrueAsync(async () =>
    {
        try
        {
            return (await anonymous.GetAsync("/health")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, "the registry answers /health again");
}
