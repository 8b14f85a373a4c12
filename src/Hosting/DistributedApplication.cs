using System.Diagnostics;
using System.Runtime.InteropServices;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Commands;
using Reference.Hosting.Orchestration;
using Reference.Hosting.Publishing;
using Reference.Hosting.Testing;

namespace Reference.Hosting;

/// <summary>The built application: run mode starts and supervises it; `token` mints local tokens.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder builder;
    private readonly ConsoleReporter reporter;
    private readonly Orchestrator orchestrator;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        this.builder = builder;
        reporter = new ConsoleReporter(builder.StateDirectory, builder.Options.ConsoleOutput);
        ResourceNotifications = new ResourceNotificationService();
        orchestrator = new Orchestrator(builder, ResourceNotifications, reporter);
        reporter.Attach(ResourceNotifications);
    }

    public ResourceNotificationService ResourceNotifications { get; }

    public IReadOnlyList<IResource> Resources => builder.Resources.ToArray();

    public DistributedApplicationExecutionContext ExecutionContext => builder.ExecutionContext;

    public string StateDirectory => builder.StateDirectory;

    /// <summary>How long the last StartAsync took until every resource was healthy.</summary>
    public TimeSpan StartupTime => orchestrator.Elapsed;

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        CreateBuilder(new DistributedApplicationOptions { Args = args });

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) =>
        DistributedApplicationEntryPointHook.CreateBuilder(options);

    /// <summary>Starts every resource and returns when all are healthy; throws if one cannot start.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            throw new DistributedApplicationException("This application was built for publish; run mode cannot start it.");
        }

        await orchestrator.StartAsync(cancellationToken).ConfigureAwait(false);
        reporter.Live = true;
        reporter.PrintTable();
    }

    public Task StopAsync() => orchestrator.StopAsync();

    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    /// <summary>Runs the verb given on the command line and returns the process exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return builder.Command.Verb switch
            {
                AppHostCommand.Token => TokenCommand.Run(builder, Console.Out),
                AppHostCommand.Publish => PublishCommand.Run(builder, reporter),
                _ => await RunUntilStoppedAsync(cancellationToken).ConfigureAwait(false),
            };
        }
        catch (DistributedApplicationException ex)
        {
            reporter.Error(ex.Message);
            await StopAsync().ConfigureAwait(false);
            return 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await orchestrator.DisposeAsync().ConfigureAwait(false);
        reporter.Dispose();
        foreach (var action in DisposeActions)
        {
            action();
        }
    }

    /// <summary>Clean-up after stop, such as deleting a test's state folder.</summary>
    internal List<Action> DisposeActions { get; } = [];

    /// <summary>SIGKILLs one replica, as a crash would; supervision restarts it (fault tests use this).</summary>
    public void KillReplica(string resourceName, int replica = 0)
    {
        var runner = orchestrator.Runners.Values.OfType<SupervisedRunner>().FirstOrDefault(r => r.Resource.Name == resourceName)
            ?? throw new ArgumentException($"There is no process resource named '{resourceName}'.", nameof(resourceName));
        runner.Supervisors[replica].Kill();
    }

    private async Task<int> RunUntilStoppedAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var parentWatch = ParentProcessWatch.Start(() =>
        {
            reporter.Info("The process that started the AppHost (dotnet run, a shell) has gone; stopping.");
            stop.Cancel();
        });
        try
        {
            await StartAsync(stop.Token).ConfigureAwait(false);
            var sinceLaunch = DateTime.Now - Process.GetCurrentProcess().StartTime;
            reporter.Info($"Endpoints and connection strings: {Path.Combine(builder.StateDirectory, "run", "endpoints.json")}");
            Console.WriteLine($"Platform ready in {sinceLaunch.TotalSeconds:0.0} s");
            if (orchestrator.DashboardLoginUrl is { } dashboard)
            {
                Console.WriteLine($"Dashboard: {dashboard}");
            }
        }
        catch (ResourceStartException ex)
        {
            // Other resources keep running, as in Aspire: the table shows what failed and why.
            reporter.Error(ex.Message);
            reporter.Live = true;
            reporter.PrintTable();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        reporter.Live = false;
        reporter.Info("Stopping…");
        var clock = Stopwatch.StartNew();
        await StopAsync().ConfigureAwait(false);
        reporter.Info($"Stopped in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }
}
