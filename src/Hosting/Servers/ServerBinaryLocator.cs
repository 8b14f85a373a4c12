using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Reference.Hosting.Servers;

/// <summary>A server program the platform runs locally, and where distributions put it.</summary>
public sealed record ServerBinary(string Executable, string AptPackage, IReadOnlyList<string> SearchDirectories)
{
    public static ServerBinary Postgres { get; } = new("postgres", "postgresql", [
        .. VersionedDirectories("/usr/lib/postgresql", "bin"),
        .. VersionedDirectories("/usr", "bin", prefix: "pgsql-"),
        "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]);

    public static ServerBinary Redis { get; } = new("redis-server", "redis-server", ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin", "/snap/bin"]);

    public string ConfigurationKey => $"Hosting:Binaries:{Executable}";

    // Newest major version first, so /usr/lib/postgresql/16 wins over 15.
    private static IEnumerable<string> VersionedDirectories(string root, string bin, string prefix = "") =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root, prefix + "*")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d)[prefix.Length..].Split('.')[0], out var v) ? v : -1))
                .Where(x => x.Version >= 0)
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, bin))
            : [];
}

/// <summary>
/// Finds a server binary: configuration, then PATH and the distribution's folders; when running as root on
/// Debian or Ubuntu it installs the package with apt-get (and says so); otherwise it stops with the command to run.
/// </summary>
public sealed class ServerBinaryLocator(IConfiguration configuration, Action<string> log)
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public async Task<string> FindAsync(ServerBinary binary, CancellationToken cancellationToken = default)
    {
        if (configuration[binary.ConfigurationKey] is { Length: > 0 } configured)
        {
            var path = Directory.Exists(configured) ? Path.Combine(configured, binary.Executable) : configured;
            return IsExecutable(path)
                ? path
                : throw new DistributedApplicationException(
                    $"{binary.Executable} was configured at '{configured}' ({binary.ConfigurationKey}), but there is no executable file there. Fix the setting or remove it to search PATH.");
        }

        if (Search(binary) is { } found)
        {
            return found;
        }

        if (!CanInstall())
        {
            throw new DistributedApplicationException(
                $"{binary.Executable} was not found on PATH or in {string.Join(", ", binary.SearchDirectories.Take(3))}. " +
                $"Install it with: sudo apt-get install -y {binary.AptPackage} (or set {binary.ConfigurationKey} to its path).");
        }

        await InstallAsync(binary, cancellationToken).ConfigureAwait(false);
        return Search(binary) ?? throw new DistributedApplicationException(
            $"apt-get installed {binary.AptPackage}, but {binary.Executable} is still not found. Set {binary.ConfigurationKey} to its path.");
    }

    internal bool CanInstall() =>
        OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess && File.Exists("/usr/bin/apt-get") &&
        configuration.GetValue("Hosting:InstallMissing", true);

    private static string? Search(ServerBinary binary)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) ?? [];
        return path.Concat(binary.SearchDirectories)
            .Select(dir => Path.Combine(dir, binary.Executable))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0);

    private async Task InstallAsync(ServerBinary binary, CancellationToken cancellationToken)
    {
        await InstallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Search(binary) is not null)
            {
                return;
            }

            log($"{binary.Executable} is not installed; installing the Debian package '{binary.AptPackage}' with apt-get (once).");
            // Packages must not start their own system service: the platform runs its own server on its own port.
            const string policy = "/usr/sbin/policy-rc.d";
            var ownPolicy = !File.Exists(policy);
            if (ownPolicy && OperatingSystem.IsLinux())
            {
                await File.WriteAllTextAsync(policy, "#!/bin/sh\nexit 101\n", cancellationToken).ConfigureAwait(false);
                File.SetUnixFileMode(policy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            try
            {
                if (await AptGetAsync(["install", "-y", "--no-install-recommends", binary.AptPackage], cancellationToken) != 0)
                {
                    log("apt-get install failed; running apt-get update and trying again.");
                    await AptGetAsync(["update"], cancellationToken).ConfigureAwait(false);
                    var code = await AptGetAsync(["install", "-y", "--no-install-recommends", binary.AptPackage], cancellationToken).ConfigureAwait(false);
                    if (code != 0)
                    {
                        throw new DistributedApplicationException(
                            $"apt-get could not install {binary.AptPackage} (exit code {code}). Run 'apt-get update && apt-get install -y {binary.AptPackage}' and look at its output.");
                    }
                }
            }
            finally
            {
                if (ownPolicy)
                {
                    File.Delete(policy);
                }
            }

            log($"Installed {binary.AptPackage}.");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<int> AptGetAsync(string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-o");
        info.ArgumentList.Add("DPkg::Lock::Timeout=300");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        return process.ExitCode;
    }
}
