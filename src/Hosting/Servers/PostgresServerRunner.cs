using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Servers;

/// <summary>
/// PostgreSQL from the local installation: initdb on first run into the state folder (reused afterwards, like a
/// data volume), password authentication, loopback only, no Unix socket. As root it runs as the postgres user.
/// </summary>
internal sealed class PostgresServerRunner(PostgresServerResource server, RunContext context) : SupervisedRunner(server, context)
{
    private string binDirectory = string.Empty;
    private string dataDirectory = string.Empty;
    private string? runAs;

    protected override string TypeName => "PostgreSQL";

    // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to disconnect.
    protected override int StopSignal => ManagedProcess.SigInt;

    public string DataDirectory => dataDirectory;

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        binDirectory = Path.GetDirectoryName(await Context.Binaries.FindAsync(ServerBinary.Postgres, cancellationToken).ConfigureAwait(false))!;
        runAs = Environment.IsPrivilegedProcess && OperatingSystem.IsLinux() ? "postgres" : null;
        var home = Path.Combine(Context.StateDirectory, "postgres", Resource.Name);
        if (runAs is not null && !UnixAccess.OthersCanTraverse(Context.StateDirectory))
        {
            // The postgres user cannot reach a data folder under, say, /root; keep it where it can, keyed by our path.
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(home)))[..12];
            home = Path.Combine("/var/lib/reference-platform", key, Resource.Name);
            Context.Log.Info($"{Resource.Name}: the postgres user cannot reach {Context.StateDirectory}; keeping its data in {home}.");
        }

        dataDirectory = Path.Combine(home, "data");
    }

    protected override async Task BeforeStartAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        var home = Path.GetDirectoryName(dataDirectory)!;
        Directory.CreateDirectory(home);
        if (Directory.Exists(dataDirectory))
        {
            // A half-made data folder from an interrupted initdb: start again.
            Directory.Delete(dataDirectory, recursive: true);
        }

        var passwordFile = Path.Combine(home, "initdb-password");
        StateFiles.WritePrivate(passwordFile, server.Password.Value);
        try
        {
            if (runAs is not null)
            {
                await RunToEndAsync("chown", ["-R", $"{runAs}:{runAs}", home], cancellationToken).ConfigureAwait(false);
            }

            Context.Log.Info($"{Resource.Name}: creating a new PostgreSQL data folder in {dataDirectory} (first run).");
            var (code, output) = await RunToEndAsync(Path.Combine(binDirectory, "initdb"),
                ["-D", dataDirectory, "-U", server.UserName, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                cancellationToken, runAs).ConfigureAwait(false);
            if (code != 0)
            {
                throw new DistributedApplicationException($"initdb for '{Resource.Name}' failed with exit code {code}:{Environment.NewLine}{output}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    protected override Task<ProcessSpec> CreateSpecAsync(int replica, CancellationToken cancellationToken)
    {
        var port = Resource.GetAllocatedPort(PostgresServerResource.EndpointName);
        string[] args =
        [
            "-D", dataDirectory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300",
        ];
        return Task.FromResult(new ProcessSpec(Path.Combine(binDirectory, "postgres"), args, Path.GetDirectoryName(dataDirectory)!) { RunAsUser = runAs });
    }

    protected override Func<CancellationToken, Task<bool>> CreateProbe(int replica) =>
        ct => HealthProbes.PostgresAsync(server.GetConnectionString(Context.ExecutionContext), ct);

    protected override string? UrlOf(int replica) => $"tcp://127.0.0.1:{Resource.GetAllocatedPort(PostgresServerResource.EndpointName)}";

    private static async Task<(int Code, string Output)> RunToEndAsync(string file, string[] args, CancellationToken cancellationToken, string? runAs = null)
    {
        var info = new ProcessStartInfo(runAs is null ? file : "setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (runAs is not null)
        {
            foreach (var a in new[] { $"--reuid={runAs}", $"--regid={runAs}", "--init-groups", "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}

internal static class UnixAccess
{
    /// <summary>True when every folder from the root down to <paramref name="path"/> (or its nearest existing parent) is searchable by others.</summary>
    public static bool OthersCanTraverse(string path)
    {
        var current = new DirectoryInfo(path);
        while (current is not null && !current.Exists)
        {
            current = current.Parent;
        }

        for (; current is not null; current = current.Parent)
        {
            if ((current.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
