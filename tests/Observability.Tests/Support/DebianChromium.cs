using System.Diagnostics;

namespace Reference.Observability.Tests.Support;

// The browser test drives Debian's Chromium; when it is missing the test installs it with apt-get (as root), the
// way the platform installs PostgreSQL. Playwright never downloads a browser here.
internal static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly SemaphoreSlim Installing = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }
        await Installing.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }
            if (await AptGetAsync("install -y chromium") != 0)
            {
                await AptGetAsync("update");
                if (await AptGetAsync("install -y chromium") != 0)
                {
                    throw new InvalidOperationException($"Chromium is not at {ExecutablePath} and 'apt-get install -y chromium' failed; install it (as root) and run the tests again.");
                }
            }
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<int> AptGetAsync(string arguments)
    {
        var start = new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("apt-get could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }
}
