using System.Net.Http.Json;
using Xunit.Abstractions;

namespace Reference.Faults.Tests.Support;

// One fault under load, start to end: acknowledged writes before and during it, SIGKILL, the AppHost's restart, the
// system answering again; then what was lost (expected: nothing) and what traffic saw in each phase.
public sealed class FaultDrill(FaultsFixture fixture, ITestOutputHelper output)
{
    // Generous: a restarted .NET process on a CI machine running other suites beside this one took over 60 s to be healthy.
    public static readonly TimeSpan RestartLimit = TimeSpan.FromSeconds(180);

    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(180);

    public TrafficGenerator Traffic => fixture.Traffic;

    public string Before(string name) => $"{name}: before";

    public string During(string name) => $"{name}: fault";

    public string After(string name) => $"{name}: after";

    /// <summary>Runs the fault and checks that nothing acknowledged was lost and that the system recovered by itself.</summary>
    public async Task<OutageWatch> RunAsync(string name, string resource, int replica = 0, string[]? healthOf = null)
    {
        await SettledAsync(name);
        Traffic.EnterPhase(Before(name));
        var marks = await Task.WhenAll(AuditTrail.Databases.Select(d => new AuditTrail(fixture, d).MarkAsync()));
        using var runner = fixture.Client("training-runner", "ml-engineer");
        var job = await TrainingJobs.SubmitAsync(runner, $"fault-job-{name}-{Guid.NewGuid():N}"[..40], new { trees = 10, maxDepth = 3, learningRate = 0.3 });

        await using var ledger = WriteLedger.Start(fixture, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        await Until.TrueAsync(() => Task.FromResult(!ledger.AcknowledgedCards.IsEmpty && !ledger.AcknowledgedOnlineCards.IsEmpty && !ledger.AcknowledgedVersions.IsEmpty),
            TimeSpan.FromSeconds(30), "the ledger has acknowledged writes before the fault");

        var watch = new OutageWatch(fixture, resource, healthOf ?? []);
        Traffic.EnterPhase(During(name));
        var crash = Crash.Kill(fixture, resource, replica);
        var restarted = await crash.RestartedAsync(RestartLimit);
        await RecoveredAsync();
        Traffic.EnterPhase(After(name));
        await ledger.StopAsync();
        await watch.StopAfterDashboardRecoversAsync(TimeSpan.FromSeconds(15));

        output.WriteLine($"{name}: SIGKILL {resource}-{replica} (pid {crash.Pid}); restarted as pid {restarted.Pid} (restarts {crash.RestartsBefore} → {restarted.Restarts}).");
        output.WriteLine($"  seen: {watch.Describe()}");
        output.WriteLine($"  acknowledged during the drill: {ledger.AcknowledgedCards.Count} rows ingested, {ledger.AcknowledgedOnlineCards.Count} rows pushed online, " +
            $"{ledger.AcknowledgedVersions.Count} versions; not acknowledged: {ledger.RefusedWrites}.");

        Assert.Empty(await ledger.MissingRowsAsync());
        Assert.Empty(await ledger.MissingOnlineRowsAsync());
        Assert.Empty(await ledger.MissingVersionsAsync());
        var submitted = await TrainingJobs.FindAsync(runner, job);
        Assert.True(submitted is not null, $"training job {job}, acknowledged before the fault, is gone");
        var expected = new Dictionary<string, int>
        {
            ["registrydb"] = ledger.AcknowledgedVersions.Count,
            ["featuresdb"] = ledger.AcknowledgedCards.Count + ledger.AcknowledgedOnlineCards.Count,
            ["trainingdb"] = 1,
        };
        foreach (var mark in marks)
        {
            Assert.Null(await new AuditTrail(fixture, mark.Database).CheckAsync(mark, expected[mark.Database]));
        }
        Assert.Contains(Hosting.Orchestration.KnownResourceStates.Exited, watch.AppHostStates);
        Assert.True(watch.DashboardShowedFailure, $"the dashboard never showed {resource} failing: {watch.Describe()}");

        await Traffic.DrainAsync();
        await Until.TrueAsync(() => Task.FromResult(Traffic.Targets.All(t => Traffic.Count(After(name), t, _ => true) >= 20)),
            TimeSpan.FromSeconds(30), "every target has had 20 requests since recovery");
        await Traffic.DrainAsync();
        foreach (var phase in new[] { Before(name), During(name), After(name) })
        {
            output.WriteLine(Traffic.Report(phase));
        }
        foreach (var target in Traffic.Targets)
        {
            Assert.True(Traffic.Count(After(name), target, o => o != "200") == 0,
                $"{target} still failing after recovery: {string.Join(", ", Traffic.Outcomes(After(name), target))}");
        }
        await TrainingJobs.WaitAsync(runner, job, j => j.IsFinal(), TimeSpan.FromSeconds(60), "ends");
        Assert.Equal("Succeeded", (await TrainingJobs.FindAsync(runner, job))!.State());
        return watch;
    }

    /// <summary>
    /// Until every target answers 200 to ten requests in a row: a drill starts from a healthy platform, not from the end
    /// of the previous drill's recovery (or of its failure).
    /// </summary>
    private async Task SettledAsync(string name)
    {
        var deadline = DateTime.UtcNow + SettleLimit;
        for (var attempt = 1; ; attempt++)
        {
            var phase = $"{name}: settling {attempt}";
            Traffic.EnterPhase(phase);
            await Until.TrueAsync(() => Task.FromResult(Traffic.Targets.All(t => Traffic.Count(phase, t, _ => true) >= 10)),
                SettleLimit, "every target has had 10 requests in the settling window");
            await Traffic.DrainAsync();
            if (Traffic.Targets.All(t => Traffic.Count(phase, t, o => o != "200") == 0))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the platform did not settle before {name}: {Traffic.Report(phase)}");
            }
        }
    }

    /// <summary>Until serving scores on both replicas and the feature store serves online features again.</summary>
    private async Task RecoveredAsync()
    {
        using var featureStore = fixture.Client("feature-store", "ml-engineer", timeout: TimeSpan.FromSeconds(3));
        await Until.TrueAsync(async () =>
        {
            using var response = await featureStore.PostAsJsonAsync("/api/online-features",
                new { featureService = FraudDefinitions.FeatureService, entities = new { card_id = new[] { fixture.Features.Online.Keys.First() } } });
            return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"PRESENT\"", StringComparison.Ordinal);
        }, RestartLimit, "the feature store serves the card's online features");
        for (var replica = 0; replica < 2; replica++)
        {
            using var serving = fixture.Client("serving", "viewer", replica, TimeSpan.FromSeconds(3));
            await Until.TrueAsync(async () =>
            {
                using var response = await serving.PostAsJsonAsync($"/api/predict/{FaultsFixture.ServedModel}",
                    new { entities = new { card_id = new[] { fixture.Features.Online.Keys.First() } } });
                return response.IsSuccessStatusCode;
            }, RestartLimit, $"serving replica {replica} scores a card");
        }
    }
}
