using Reference.Faults.Tests.Support;
using Xunit.Abstractions;

namespace Reference.Faults.Tests;

// Each component of the running platform is SIGKILLed under steady traffic and brought back by the AppHost alone.
// The drill checks that nothing acknowledged was lost, that the dashboard showed the failure and the platform
// recovered; each test then bounds what traffic saw while the component was down (counts are in the test output).
[Collection(FaultsCollection.Name)]
public sealed class ComponentCrashTests(FaultsFixture fixture, ITestOutputHelper output)
{
    private readonly FaultDrill drill = new(fixture, output);

    [Fact]
    public async Task A_killed_serving_replica_is_restarted_and_the_other_replica_answers_every_request_meanwhile()
    {
        await drill.RunAsync("serving-replica", "serving", replica: 1);

        var during = drill.During("serving-replica");
        AssertOnly(during, "serving-0 infer", "200");
        AssertOnly(during, "serving-0 predict", "200");
        // The killed replica refuses connections (or drops those it had) until it is back, then answers 503 until its
        // champion is loaded; a cold process on a busy machine may also be slow to answer at first. Never a 500.
        AssertOnly(during, "serving-1 infer", Restarting);
        AssertOnly(during, "serving-1 predict", Restarting);
    }

    [Fact]
    public async Task A_killed_feature_store_is_restarted_while_serving_keeps_scoring_from_the_online_store()
    {
        var watch = await drill.RunAsync("feature-store", "feature-store", healthOf: ["feature-store"]);

        Assert.True(watch.HealthReportedFailure("feature-store"), watch.Describe());
        var during = drill.During("feature-store");
        foreach (var replica in new[] { 0, 1 })
        {
            AssertOnly(during, $"serving-{replica} infer", "200");
            AssertOnly(during, $"serving-{replica} predict", "200");
        }
        AssertOnly(during, "feature-store online", Restarting);
    }

    [Fact]
    public async Task A_killed_model_registry_is_restarted_while_serving_keeps_its_loaded_champion()
    {
        var watch = await drill.RunAsync("model-registry", "model-registry", healthOf: ["model-registry"]);

        Assert.True(watch.HealthReportedFailure("model-registry"), watch.Describe());
        var during = drill.During("model-registry");
        foreach (var target in drill.Traffic.Targets)
        {
            AssertOnly(during, target, "200");
        }
    }

    [Fact]
    public async Task A_killed_redis_is_restarted_and_reads_that_need_it_fail_fast_with_503_meanwhile()
    {
        var watch = await drill.RunAsync("redis", "online-store", healthOf: ["feature-store"]);

        Assert.True(watch.HealthReportedFailure("feature-store"), watch.Describe());
        var during = drill.During("redis");
        foreach (var replica in new[] { 0, 1 })
        {
            // Inference is given its inputs: it does not read the online store.
            AssertOnly(during, $"serving-{replica} infer", "200");
            AssertOnly(during, $"serving-{replica} predict", "200", "503");
        }
        AssertOnly(during, "feature-store online", "200", "503");
    }

    [Fact]
    public async Task A_killed_postgresql_is_restarted_and_no_acknowledged_write_is_lost()
    {
        var watch = await drill.RunAsync("postgres", "postgres", healthOf: ["model-registry", "feature-store", "training-runner"]);

        Assert.True(watch.HealthReportedFailure("model-registry"), watch.Describe());
        Assert.True(watch.HealthReportedFailure("feature-store"), watch.Describe());
        var during = drill.During("postgres");
        foreach (var replica in new[] { 0, 1 })
        {
            // Serving holds its champion in memory and reads features from Redis: PostgreSQL is not on its path.
            AssertOnly(during, $"serving-{replica} infer", "200");
            AssertOnly(during, $"serving-{replica} predict", "200");
        }
        // Online values are in Redis, and the feature store keeps serving the definitions it last read from PostgreSQL
        // while reloading them fails: online reads do not notice the outage.
        AssertOnly(during, "feature-store online", "200");
    }

    // What callers of a process that is being restarted may see: anything but a server error or a wrong answer.
    private static readonly string[] Restarting = ["200", "refused", "broken", "timeout", "503"];

    private void AssertOnly(string phase, string target, params string[] allowed)
    {
        var outcomes = drill.Traffic.Outcomes(phase, target);
        var total = outcomes.Values.Sum();
        output.WriteLine($"{phase} / {target}: {total} requests, {total - outcomes.GetValueOrDefault("200")} not answered 200");
        Assert.True(total > 0, $"no traffic reached {target} during {phase}");
        Assert.True(outcomes.Keys.All(allowed.Contains), $"{target} during {phase}: {string.Join(", ", outcomes.Select(o => $"{o.Key}×{o.Value}"))} (allowed: {string.Join(", ", allowed)})");
    }
}
