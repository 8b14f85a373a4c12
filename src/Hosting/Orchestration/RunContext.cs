using Microsoft.Extensions.Configuration;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Servers;

namespace Reference.Hosting.Orchestration;

/// <summary>What every runner needs from the application being run.</summary>
internal sealed class RunContext(DistributedApplicationBuilder builder, ResourceNotificationService notifications, ILogSink log)
{
    public IConfiguration Configuration => builder.Configuration;

    public DistributedApplicationExecutionContext ExecutionContext => builder.ExecutionContext;

    public IList<IResource> Resources => builder.Resources;

    public string StateDirectory => builder.StateDirectory;

    public ResourceNotificationService Notifications { get; } = notifications;

    public ILogSink Log { get; } = log;

    public ServerBinaryLocator Binaries { get; } = new(builder.Configuration, log.Info);

    /// <summary>The token that logs a browser into the dashboard: new each run unless Dashboard:BrowserToken is set.</summary>
    public string DashboardToken { get; } = builder.Configuration["Dashboard:BrowserToken"] ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public string RunStateFile => Path.Combine(StateDirectory, "run", "endpoints.json");

    /// <summary>The run state without connection strings: what the dashboard reads.</summary>
    public string DashboardStateFile => Orchestration.RunStateFile.DashboardCopy(RunStateFile);

    public string LogsDirectory => Path.Combine(StateDirectory, "run", "logs");

    public TimeSpan StopGrace => TimeSpan.FromSeconds(builder.Configuration.GetValue("Hosting:StopGraceSeconds", 5.0));
}
