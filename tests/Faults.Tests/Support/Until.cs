namespace Reference.Faults.Tests.Support;

// Awaits a condition that the system reports (by asking it again), with a deadline instead of a fixed sleep.
internal static class Until
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan limit, string what, int pollMilliseconds = 100)
    {
        var deadline = DateTime.UtcNow + limit;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Npgsql.NpgsqlException)
            {
                // The component is still down or restarting: ask again.
                last = ex;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting until {what}." + (last is null ? "" : $" Last error: {last.Message}"));
            }
            await Task.Delay(pollMilliseconds);
        }
    }
}
