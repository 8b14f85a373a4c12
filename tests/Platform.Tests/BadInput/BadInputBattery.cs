using System.Runtime.CompilerServices;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.BadInput;

// The whole battery, once per topology: every service's cases in parallel, with the platform's stored state and each
// service's processes (pids, restarts) taken before and after, and /health asked of every replica after its battery.
public sealed record BadInputBattery(
    IReadOnlyList<ServiceBattery> Services,
    IReadOnlyList<string> StateChanges,
    IReadOnlyCollection<string> WatchedState,
    IReadOnlyDictionary<string, string> Processes,
    IReadOnlyDictionary<string, int> HealthAfter)
{
    private static readonly ConditionalWeakTable<PlatformFixture, Task<BadInputBattery>> Runs = new();

    public static Task<BadInputBattery> RunOnceAsync(PlatformFixture platform) => Runs.GetValue(platform, RunAsync);

    private static async Task<BadInputBattery> RunAsync(PlatformFixture platform)
    {
        var busy = await BackgroundWork.WaitUntilIdleAsync(platform, TimeSpan.FromMinutes(2));
        var processesBefore = PlatformFixture.Services.ToDictionary(s => s, s => ProcessState(platform, s));
        var before = await PlatformState.CaptureAsync(platform);
        var health = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var processes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var services = await Task.WhenAll(PlatformFixture.Services.Select(service => Task.Run(async () =>
        {
            var battery = await BatteryRunner.RunAsync(platform, service);
            // Right after its own battery: every replica healthy, on the processes it had before.
            health[service] = await HealthAsync(platform, service);
            var now = ProcessState(platform, service);
            processes[service] = now == processesBefore[service] ? "" : $"before: {processesBefore[service]}; after: {now}";
            return battery;
        })));
        var after = await PlatformState.CaptureAsync(platform);

        var changes = after.ChangesSince(before);
        if (busy is not null && changes.Count > 0)
        {
            changes = [$"(earlier tests' work was still open when the battery began: {busy})", .. changes];
        }
        return new BadInputBattery(services, changes, before.Fingerprints.Keys.ToList(), processes, health);
    }

    // Pids and restart counts of every replica: a crash that supervision repaired still shows here.
    private static string ProcessState(PlatformFixture platform, string service)
    {
        var snapshot = platform.App.ResourceNotifications.Get(service);
        return $"pids {string.Join('/', snapshot.Pids)}, restarts {snapshot.Restarts}";
    }

    // The worst /health status over the service's replicas.
    private static async Task<int> HealthAsync(PlatformFixture platform, string service)
    {
        var worst = 200;
        var replicas = platform.App.ResourceNotifications.Get(service).Instances.Count;
        for (var replica = 0; replica < Math.Max(1, replicas); replica++)
        {
            using var client = platform.Client(service, replica);
            using var response = await client.GetAsync("/health");
            worst = Math.Max(worst, (int)response.StatusCode);
        }
        return worst;
    }
}
