using System.Globalization;
using System.Text;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Servers;

/// <summary>redis-server on loopback with a password, its data folder in the state folder, persistence as configured.</summary>
internal sealed class RedisServerRunner(RedisResource redis, RunContext context) : SupervisedRunner(redis, context)
{
    private string executable = string.Empty;

    protected override string TypeName => "Redis";

    public override async Task PrepareAsync(CancellationToken cancellationToken) =>
        executable = await Context.Binaries.FindAsync(ServerBinary.Redis, cancellationToken).ConfigureAwait(false);

    protected override Task<ProcessSpec> CreateSpecAsync(int replica, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Context.StateDirectory, "redis", Resource.Name);
        Directory.CreateDirectory(directory);
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port {Resource.GetAllocatedPort(RedisResource.EndpointName)}")
            .AppendLine("bind 127.0.0.1")
            .AppendLine("protected-mode yes")
            .AppendLine("daemonize no")
            .AppendLine("logfile \"\"")
            .AppendLine(CultureInfo.InvariantCulture, $"requirepass \"{redis.Password.Value}\"")
            .AppendLine(CultureInfo.InvariantCulture, $"dir \"{directory}\"")
            .AppendLine("dbfilename dump.rdb")
            .AppendLine(redis.SnapshotInterval is { } interval
                ? string.Create(CultureInfo.InvariantCulture, $"save {Math.Max(1, (int)interval.TotalSeconds)} {redis.SnapshotKeysChanged}")
                : "save \"\"")
            .AppendLine(redis.AppendOnly ? "appendonly yes" : "appendonly no");
        // The password is in this file, so it is private to the owner, and not on the command line.
        var configPath = Path.Combine(directory, "redis.conf");
        StateFiles.WritePrivate(configPath, config.ToString());
        return Task.FromResult(new ProcessSpec(executable, [configPath], directory));
    }

    protected override Func<CancellationToken, Task<bool>> CreateProbe(int replica) =>
        ct => HealthProbes.RedisAsync(Resource.GetAllocatedPort(RedisResource.EndpointName), redis.Password.Value, ct);

    protected override string? UrlOf(int replica) => $"tcp://127.0.0.1:{Resource.GetAllocatedPort(RedisResource.EndpointName)}";
}
